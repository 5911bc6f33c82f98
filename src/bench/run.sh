#!/usr/bin/env bash
# Runs the benchmark workloads against a running clinic-api and prints, per workload, requests/s, p50,
# p99 and errors, and the server's peak RSS (VmHWM). See README.md next to this file for the setup.
#
# Environment (defaults in brackets):
#   BASE_URL     server to load [http://127.0.0.1:8080]
#   TOKENS       tokens file from `clinic-api seed --tokens FILE` (needed by W1-W3)
#   SERVER_PID   the server's process id, for its peak RSS [the java process running clinic-api.jar]
#   WORKLOADS    which to run [w0 w1 w2 w3]
#   DURATION     measured time per workload [30s];  WARMUP  warm-up per workload, not reported [30s: on two cores C2 needs that long]
#   THREADS      wrk threads [2];  CONNECTIONS  open connections [64]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
BASE_URL="${BASE_URL:-http://127.0.0.1:8080}"
WORKLOADS="${WORKLOADS:-w0 w1 w2 w3}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-30s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
export BENCH_DIR THREADS TOKENS="${TOKENS:-}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
if [[ -z "${SERVER_PID:-}" ]]; then
  SERVER_PID="$(pgrep -f 'clinic-api.jar' | head -n 1 || true)"
fi
if [[ -z "${SERVER_PID}" || ! -r "/proc/${SERVER_PID}/status" ]]; then
  echo "server process not found: set SERVER_PID" >&2
  exit 1
fi
if [[ "${WORKLOADS}" != "w0" && ( -z "${TOKENS}" || ! -r "${TOKENS}" ) ]]; then
  echo "set TOKENS to the file written by: clinic-api seed --tokens FILE" >&2
  exit 1
fi
curl -fsS "${BASE_URL}/health/ready" >/dev/null || { echo "${BASE_URL} is not ready" >&2; exit 1; }

peak_rss() { awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/${SERVER_PID}/status"; }

results=()
for w in ${WORKLOADS}; do
  script="${BENCH_DIR}/${w}.lua"
  echo "== ${w}: warm-up ${WARMUP}" >&2
  W3_PART=warmup wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${WARMUP}" -s "${script}" "${BASE_URL}" >/dev/null
  echo "== ${w}: measuring ${DURATION}" >&2
  line="$(W3_PART=measure wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${DURATION}" --latency -s "${script}" "${BASE_URL}" \
    | grep '^RESULT')"
  echo "${line}" >&2
  results+=("${line} peak_rss=$(peak_rss | tr ' ' '_')")
done

echo
printf '%-4s %10s %10s %10s %8s  %s\n' "" "req/s" "p50 ms" "p99 ms" "errors" "notes"
for r in "${results[@]}"; do
  name="$(awk '{print $2}' <<<"$r")"
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$r"; }
  notes="peak RSS so far $(get peak_rss | tr '_' ' ')"
  if [[ "${name}" == "W3" ]]; then
    notes="201 created $(get created), 409 conflicts $(get conflicts); ${notes}"
  fi
  printf '%-4s %10s %10s %10s %8s  %s\n' "${name}" "$(get rps)" "$(get p50_ms)" "$(get p99_ms)" "$(get errors)" "${notes}"
done
echo
echo "server peak RSS (VmHWM): $(peak_rss)"
