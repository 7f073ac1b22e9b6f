#!/usr/bin/env bash
# Runs every test of CodeFirstBpf. Kernel tests load real programs, so run as root; under CI=true
# they must run (never skip). Prints one closing line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
source scripts/prereqs.sh || exit 1
# prereqs.sh runs with errexit; a failing test project must not end this script before the summary.
set +e

dotnet build CodeFirstBpf.sln -c Release -v quiet -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; skipped=0; status=0
for proj in tests/*/*.csproj; do
  echo "== $(basename "$proj" .csproj)"
  out=$(dotnet test "$proj" -c Release --no-build -nologo 2>&1)
  rc=$?
  echo "$out" | grep -E "^\s*(Failed|Skipped) |Passed!|Failed!|error" || true
  # A failure's message and the top of its stack, so a CI log alone says what broke.
  [ $rc -ne 0 ] && echo "$out" | awk '/^ +Failed [A-Za-z]/{n=40} n>0{print; n--}'
  line=$(echo "$out" | grep -E "(Passed|Failed)! +- +Failed:" | tail -1)
  if [ -z "$line" ]; then echo "$out" | tail -30; failed=$((failed + 1)); status=1; continue; fi
  p=$(echo "$line" | sed -E 's/.*Passed: +([0-9]+).*/\1/'); f=$(echo "$line" | sed -E 's/.*Failed: +([0-9]+),.*/\1/'); s=$(echo "$line" | sed -E 's/.*Skipped: +([0-9]+).*/\1/')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ $rc -ne 0 ] && status=1
done
# Nothing a test made may outlive the run: interfaces, namespaces, attached programs, pins.
echo "== leftovers"
left=""
ifs=$(ip -o link 2>/dev/null | awk -F': ' '{print $2}' | grep -E '^cfb' || true)
[ -n "$ifs" ] && left="$left interfaces: $(echo $ifs)"
nss=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^cfb' || true)
[ -n "$nss" ] && left="$left; namespaces: $(echo $nss)"
pins=$(ls /sys/fs/bpf 2>/dev/null | grep -iE 'cfb' || true)
[ -n "$pins" ] && left="$left; pins: $(echo $pins)"
if [ -n "$left" ]; then
  echo "left behind after the tests:$left"
  failed=$((failed + 1)); status=1
else
  echo "nothing left behind"
  passed=$((passed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
