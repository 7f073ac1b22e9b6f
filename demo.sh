#!/usr/bin/env bash
# The main demo: a C# XDP program built, loaded and attached to a veth pair the demo creates;
# real ICMP is dropped and UDP passed, counted live, then everything is removed.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prereqs.sh
# Build quietly; show the build's output only if it fails.
if ! build_log=$(dotnet build samples/IcmpFilter/IcmpFilter.csproj -c Release -v quiet -nologo 2>&1); then
  echo "$build_log"
  exit 1
fi
exec dotnet samples/IcmpFilter/bin/Release/net10.0/IcmpFilter.dll "$@"
