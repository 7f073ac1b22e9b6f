#!/usr/bin/env bash
# The seed's table measured: the same allow/deny policy behind N = 10 … 10,000 rules as iptables,
# as ipset and as the PodDataplane sample's TC program, on one veth pair with one sender. Prints the
# table and writes its section of bench/RESULTS.md. Options: --quick (half the send window, fewer round trips).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
need=()
command -v iptables >/dev/null || need+=(iptables)
command -v ipset >/dev/null || need+=(ipset)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -qq "${need[@]}" >/dev/null; fi
dotnet build bench/PodDataplane.Bench/PodDataplane.Bench.csproj -c Release -v quiet -nologo "-clp:ErrorsOnly;NoSummary"
exec dotnet bench/PodDataplane.Bench/bin/Release/net10.0/PodDataplane.Bench.dll "$@"
