#!/usr/bin/env bash
# One command for every benchmark: prints the tables and writes bench/RESULTS.md.
# Options: --quick (fewer repeats), --only code|maps|build, --programs A,B (code quality of some pairs), --out FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
command -v gcc >/dev/null || apt-get install -y -qq gcc >/dev/null
dotnet build bench/CodeFirstBpf.Bench/CodeFirstBpf.Bench.csproj -c Release -v quiet -nologo "-clp:ErrorsOnly;NoSummary"
exec dotnet bench/CodeFirstBpf.Bench/bin/Release/net10.0/CodeFirstBpf.Bench.dll "$@"
