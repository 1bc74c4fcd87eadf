#!/usr/bin/env bash
# Builds DocAxis and runs every test, then prints one line "N passed, N failed, N skipped" taken
# from the test results, and exits non-zero if anything failed or nothing ran.
# On a fresh Debian machine, run as root, it first installs what the tests use: openssl, the
# reference gRPC stack for Python (python3-grpcio, python3-grpc-tools, python3-cryptography),
# Chromium (the web console's browser tests drive Debian's, never a downloaded one) and
# PostgreSQL, then starts a throwaway PostgreSQL cluster for the run (tools/postgres.sh) and
# removes it at the end. SQL Server tests run only if DOCAXIS_TEST_SQLSERVER holds a connection string.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# Debian's interpreter, where Debian's Python packages are, whatever python3 is first on PATH.
python=/usr/bin/python3
if ! "$python" -c "import grpc, grpc_tools, cryptography" >/dev/null 2>&1; then
  missing+=(python3 python3-grpcio python3-grpc-tools python3-cryptography)
fi
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ -z "${DOCAXIS_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: ${missing[*]} not installed (run as root to install); tests that need it are skipped" >&2
  fi
fi

results=$(mktemp -d)
postgres=""
cleanup() {
  rm -rf "$results"
  if [ -n "$postgres" ]; then tools/postgres.sh remove "$postgres" || true; fi
}
trap cleanup EXIT

if [ -z "${DOCAXIS_TEST_POSTGRES:-}" ]; then
  postgres=$(mktemp -d /tmp/docaxis-postgres.XXXXXX)
  if ! DOCAXIS_TEST_POSTGRES=$(tools/postgres.sh start "$postgres"); then
    echo "0 passed, 1 failed"
    echo "Could not start PostgreSQL for the tests; see $postgres/postgres.log." >&2
    exit 1
  fi
  export DOCAXIS_TEST_POSTGRES DOCAXIS_TEST_POSTGRES_DIR="$postgres"
  echo "PostgreSQL for this run: $DOCAXIS_TEST_POSTGRES"
fi

echo "Building ..."
if ! dotnet build DocAxis.sln -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  echo "The build failed." >&2
  exit 1
fi

echo "Testing ..."
# The web console's browser tests keep what a clerk saw here (TestResults/ is not committed).
export DOCAXIS_SCREENSHOTS="${DOCAXIS_SCREENSHOTS:-$PWD/TestResults/screenshots}"
# A test stuck for 10 minutes is killed and reported, rather than holding CI until its time limit.
dotnet test DocAxis.sln --no-build -nologo --blame-hang-timeout 10m --blame-hang-dump-type none --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # Skipped tests are in "total" but not in "executed" (the per-outcome counters omit them).
  skipped=$((skipped + $(value total) - $(value executed)))
done

trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
projects=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$trx_count" -lt "$projects" ] && [ "$failed" -eq 0 ]; then
  # Each test project writes one result file; fewer means a test run crashed before reporting.
  failed=1
fi

if [ -d "$DOCAXIS_SCREENSHOTS" ]; then echo "What the browser tests saw: $DOCAXIS_SCREENSHOTS"; fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
