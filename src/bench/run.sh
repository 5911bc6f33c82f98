#!/usr/bin/env bash
# Measures clinic-api against a bare Vert.x read (BareRead.java) on the same database, the server pinned to
# one core and wrk to another, every measurement on a freshly started server, and prints absolute numbers,
# the clinic-api / bare ratios and the speed issue's targets with pass/fail. See README.md next to this file.
#
# Environment (defaults in brackets):
#   SETUP=1        first drop, create and seed the database of DATABASE_URL (its name must contain "bench")
#   SEED_ARGS      seed options [--patients 10000 --providers 200 --appointments 200000 --token-count 2000 --slots-per-token 50]
#   WORKLOADS      which to run, in this order [w0 w1 w1c512 w1c1 w2 w3]
#   WARMUP         warm-up per measurement, not reported; 0 = none [30s];  DURATION  measured time [20s]
#   CONNECTIONS    wrk connections for w0, w1, w2, w3 [64] (w1c512 and w1c1 are fixed)
#   JAR            [target/clinic-api.jar];  JAVA_OPTS  for both servers [-Xmx512m]
#   DATABASE_URL   [postgresql://postgres@127.0.0.1:5432/clinic_bench];  REDIS_URL [redis://127.0.0.1:6379/0]
#   REDIS_KEY_PREFIX [clinic-bench:];  DATA_DIR  signing key, tokens, run output [/tmp/clinic-bench]
#   TOKENS         tokens file written by seed [$DATA_DIR/tokens.tsv]
#   SERVER_CPU [0]  LOAD_CPU [1]  CLINIC_PORT [18080]  METRICS_PORT [18090]  BARE_PORT [18081]
#   LOG_LEVEL      clinic-api's, logged to a file [INFO: the access log is part of what is measured]
#   WRK_TIMEOUT    a response slower than this counts as a timeout error [5s]
#   STARTUP_TIMEOUT seconds a server may take to become ready [180];  KEEP_LOGS=1  keep full server logs
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${BENCH_DIR}/../.." && pwd)"
JAR="${JAR:-${ROOT}/target/clinic-api.jar}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/clinic_bench}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-clinic-bench:}"
DATA_DIR="${DATA_DIR:-/tmp/clinic-bench}"
TOKENS="${TOKENS:-${DATA_DIR}/tokens.tsv}"
SETUP="${SETUP:-0}"
SEED_ARGS="${SEED_ARGS:---patients 10000 --providers 200 --appointments 200000 --token-count 2000 --slots-per-token 50}"
WORKLOADS="${WORKLOADS:-w0 w1 w1c512 w1c1 w2 w3}"
WARMUP="${WARMUP:-30s}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
SERVER_CPU="${SERVER_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
CLINIC_PORT="${CLINIC_PORT:-18080}"
METRICS_PORT="${METRICS_PORT:-18090}"
BARE_PORT="${BARE_PORT:-18081}"
LOG_LEVEL="${LOG_LEVEL:-INFO}"
WRK_TIMEOUT="${WRK_TIMEOUT:-5s}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-180}"
KEEP_LOGS="${KEEP_LOGS:-0}"
# wrk -t1: one load thread on one pinned core. common.lua deals W3's slots by THREADS.
THREADS=1
export BENCH_DIR TOKENS THREADS

die() { echo "run.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

# ---------------------------------------------------------------------------------------------- checks
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
command -v taskset >/dev/null || die "taskset is not installed (apt-get install -y util-linux)"
for tool in java javac curl psql; do
  command -v "${tool}" >/dev/null || die "${tool} is not installed"
done
[[ -r "${JAR}" ]] || die "no ${JAR}: build it first (./mvnw -B package -DskipTests)"
for cpu in "${SERVER_CPU}" "${LOAD_CPU}"; do
  taskset -c "${cpu}" true 2>/dev/null || die "cannot pin to CPU ${cpu} (this machine has $(nproc) usable); set SERVER_CPU / LOAD_CPU"
done
[[ "${SERVER_CPU}" != "${LOAD_CPU}" ]] || die "SERVER_CPU and LOAD_CPU must differ"
# 512 connections on both sides, plus the server's pools and files.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) >= 2048 )) || die "open-file limit $(ulimit -n) is too low for 512 connections (ulimit -n 4096)"

declare -A KNOWN=([w0]=1 [w1]=1 [w1c512]=1 [w1c1]=1 [w2]=1 [w3]=1)
needs_tokens=0
for w in ${WORKLOADS}; do
  [[ -n "${KNOWN[$w]:-}" ]] || die "unknown workload ${w} (known: w0 w1 w1c512 w1c1 w2 w3)"
  [[ "${w}" == "w0" ]] || needs_tokens=1
done

[[ "${DATABASE_URL}" =~ ^(postgres(ql)?://[^/?]+)/([^/?]+)(\?.*)?$ ]] \
  || die "DATABASE_URL must look like postgresql://user@host:port/database"
DB_NAME="${BASH_REMATCH[3]}"
ADMIN_URL="${BASH_REMATCH[1]}/postgres${BASH_REMATCH[4]}"

for port in "${CLINIC_PORT}" "${METRICS_PORT}" "${BARE_PORT}"; do
  if ss -Hltn "sport = :${port}" 2>/dev/null | grep -q .; then
    die "port ${port} is already in use (another server?): set CLINIC_PORT / METRICS_PORT / BARE_PORT"
  fi
done

mkdir -p "${DATA_DIR}"
chmod 700 "${DATA_DIR}"
OUT_DIR="${DATA_DIR}/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "${OUT_DIR}"

# ----------------------------------------------------------------------------------- server lifecycle
SERVER_PID=""
SERVER_LOG=""

stop_server() {
  [[ -n "${SERVER_PID}" ]] || return 0
  local pid="${SERVER_PID}"
  SERVER_PID=""
  if kill -0 "${pid}" 2>/dev/null; then
    kill -TERM "${pid}" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "${pid}" 2>/dev/null; then
      echo "run.sh: server ${pid} ignored SIGTERM for 30 s: killing it" >&2
      kill -KILL "${pid}" 2>/dev/null || true
    fi
  fi
  wait "${pid}" 2>/dev/null || true
  # A full W0 access log is hundreds of MB: keep its end unless asked.
  if [[ "${KEEP_LOGS}" != "1" && -n "${SERVER_LOG}" && -f "${SERVER_LOG}" ]]; then
    tail -n 200 "${SERVER_LOG}" > "${SERVER_LOG}.tail" && rm -f "${SERVER_LOG}"
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_server
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server bare|clinic LABEL: starts it pinned to SERVER_CPU, sets SERVER_PID, waits until it is ready.
start_server() {
  local kind="$1" label="$2" ready_url
  SERVER_LOG="${OUT_DIR}/${label}-${kind}.log"
  if [[ "${kind}" == "bare" ]]; then
    env DATABASE_URL="${DATABASE_URL}" BARE_PORT="${BARE_PORT}" \
      taskset -c "${SERVER_CPU}" java ${JAVA_OPTS} -cp "${JAR}:${OUT_DIR}/bare-classes" BareRead \
      > "${SERVER_LOG}" 2>&1 &
    ready_url="http://127.0.0.1:${BARE_PORT}/health/live"
  else
    env DATABASE_URL="${DATABASE_URL}" REDIS_URL="${REDIS_URL}" REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX}" \
      DATA_DIR="${DATA_DIR}" HTTP_PORT="${CLINIC_PORT}" METRICS_PORT="${METRICS_PORT}" \
      ACCESS_TOKEN_TTL_SECONDS=86400 \
      RATE_LIMIT_PER_MINUTE=10000000 RATE_LIMIT_PER_USER_PER_MINUTE=10000000 HTTP_MAX_CONNECTIONS_PER_IP=0 \
      HTTP_SHUTDOWN_DRAIN_MS=0 LOG_LEVEL="${LOG_LEVEL}" \
      taskset -c "${SERVER_CPU}" java ${JAVA_OPTS} -jar "${JAR}" serve \
      > "${SERVER_LOG}" 2>&1 &
    ready_url="http://127.0.0.1:${CLINIC_PORT}/health/ready"
  fi
  # env and taskset exec: $! is the JVM itself (its /proc status is the server's memory).
  SERVER_PID=$!
  local deadline=$((SECONDS + STARTUP_TIMEOUT))
  until curl -fsS -o /dev/null --max-time 2 "${ready_url}" 2>/dev/null; do
    if ! kill -0 "${SERVER_PID}" 2>/dev/null; then
      tail -n 30 "${SERVER_LOG}" >&2
      die "${kind} server exited during startup (log: ${SERVER_LOG})"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 30 "${SERVER_LOG}" >&2
      die "${kind} server not ready after ${STARTUP_TIMEOUT} s (${ready_url}; log: ${SERVER_LOG})"
    fi
    sleep 0.5
  done
}

# Waits (at most 10 s) until the server has nearly stopped using CPU: after a warm-up at 512 connections it
# still answers the requests wrk abandoned, and those must not be measured with the next run.
settle() {
  local before after
  for _ in $(seq 1 20); do
    before="$(awk '{ print $14 + $15 }' "/proc/${SERVER_PID}/stat")"
    sleep 0.5
    after="$(awk '{ print $14 + $15 }' "/proc/${SERVER_PID}/stat")"
    # clock ticks are 1/100 s: under 5 ticks in 0.5 s is under 10 % of a core
    (( after - before < 5 )) && return 0
  done
  echo "run.sh: the server is still busy 10 s after the warm-up; measuring anyway" >&2
}

peak_rss_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/${SERVER_PID}/status"; }

# CPU time (clock ticks, user + system) of the given processes so far; processes gone meanwhile count 0.
cpu_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t="$(awk '{ print $14 + $15 }' "/proc/${pid}/stat" 2>/dev/null || true)"
    total=$((total + ${t:-0}))
  done
  echo "${total}"
}
# PostgreSQL's processes on this machine (its backends come and go with connections: sampled per run).
postgres_pids() { pgrep -x postgres || pgrep postgres || true; }

# --------------------------------------------------------------------------------------------- setup
if [[ "${SETUP}" == "1" ]]; then
  [[ "${DB_NAME}" == *bench* ]] || die "SETUP=1 drops and recreates ${DB_NAME}: only for a database named *bench*"
  say "setup: recreating database ${DB_NAME}"
  psql "${ADMIN_URL}" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"${DB_NAME}\" WITH (FORCE)" \
    -c "CREATE DATABASE \"${DB_NAME}\"" >/dev/null
  rm -f "${TOKENS}"
  say "setup: seeding (${SEED_ARGS})"
  seed_start=${SECONDS}
  # shellcheck disable=SC2086  # SEED_ARGS is a list of options
  env DATABASE_URL="${DATABASE_URL}" REDIS_URL="${REDIS_URL}" REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX}" \
    DATA_DIR="${DATA_DIR}" ACCESS_TOKEN_TTL_SECONDS=86400 LOG_LEVEL=WARN \
    java -jar "${JAR}" seed ${SEED_ARGS} --tokens "${TOKENS}" > "${OUT_DIR}/seed.log" 2>&1 \
    || { tail -n 30 "${OUT_DIR}/seed.log" >&2; die "seed failed (log: ${OUT_DIR}/seed.log)"; }
  say "setup: seeded in $((SECONDS - seed_start)) s"
fi

psql "${DATABASE_URL}" -qAtc "SELECT 1 FROM appointments LIMIT 1" >/dev/null 2>&1 \
  || die "${DB_NAME} has no seeded appointments table: run with SETUP=1 (see README.md)"
if (( needs_tokens )); then
  [[ -r "${TOKENS}" ]] || die "no tokens file ${TOKENS}: run with SETUP=1 (or set TOKENS)"
  # Seeded tokens live ACCESS_TOKEN_TTL_SECONDS=86400 from the seed.
  if [[ -n "$(find "${TOKENS}" -mmin +1380 2>/dev/null)" ]]; then
    die "the tokens in ${TOKENS} are older than 23 hours and about to expire: run with SETUP=1"
  fi
fi

say "compiling the bare read"
javac -nowarn -d "${OUT_DIR}/bare-classes" -cp "${JAR}" "${BENCH_DIR}/BareRead.java" \
  || die "BareRead.java does not compile against ${JAR}"

# ------------------------------------------------------------------------------------------- measure
declare -A RPS P50 P99 ERR SOCKET REQS CREATED CONFLICTS STATUSES RSS TRANSPORT CPU_SERVER CPU_PG
# per_request TICKS CLK_TCK RESULT-LINE -> microseconds of CPU per request
per_request() {
  awk -v t="$1" -v hz="$2" -v line="$3" 'BEGIN { n = 0; if (match(line, / requests=[0-9]+/)) n = substr(line, RSTART + 10, RLENGTH - 10);
    if (n > 0) printf "%.0f", t * 1e6 / hz / n; else printf "-" }'
}
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL KIND SCRIPT CONNECTIONS: one fresh server, warm-up, measured run, stop.
measure() {
  local label="$1" kind="$2" script="$3" conns="$4" url line get
  if [[ "${kind}" == "bare" ]]; then url="http://127.0.0.1:${BARE_PORT}"; else url="http://127.0.0.1:${CLINIC_PORT}"; fi
  say "${label} ${kind}: starting the server on CPU ${SERVER_CPU}"
  start_server "${kind}" "${label}"
  if [[ "${WARMUP}" != "0" ]]; then
    say "${label} ${kind}: warm-up ${WARMUP}, ${conns} connections"
    W3_PART=warmup taskset -c "${LOAD_CPU}" wrk -t1 -c"${conns}" -d"${WARMUP}" --timeout "${WRK_TIMEOUT}" \
      -s "${BENCH_DIR}/${script}" "${url}" > "${OUT_DIR}/${label}-${kind}.warmup.txt" 2>&1 \
      || die "wrk failed during the warm-up (${OUT_DIR}/${label}-${kind}.warmup.txt)"
    settle
  fi
  say "${label} ${kind}: measuring ${DURATION}"
  local pg_pids server_before pg_before clk
  # shellcheck disable=SC2207  # pids are words
  pg_pids=($(postgres_pids))
  server_before="$(cpu_ticks "${SERVER_PID}")"
  pg_before="$(cpu_ticks "${pg_pids[@]}")"
  W3_PART=measure taskset -c "${LOAD_CPU}" wrk -t1 -c"${conns}" -d"${DURATION}" --timeout "${WRK_TIMEOUT}" --latency \
    -s "${BENCH_DIR}/${script}" "${url}" > "${OUT_DIR}/${label}-${kind}.txt" 2>&1 \
    || die "wrk failed (${OUT_DIR}/${label}-${kind}.txt)"
  line="$(grep '^RESULT' "${OUT_DIR}/${label}-${kind}.txt" || true)"
  [[ -n "${line}" ]] || die "wrk printed no RESULT line (${OUT_DIR}/${label}-${kind}.txt)"
  # CPU per request: steadier than req/s between runs, because it does not depend on what else the machine
  # runs at the time (it is the cost, not the speed). Backends opened during the run are not counted.
  clk="$(getconf CLK_TCK)"
  CPU_SERVER[$label,$kind]="$(per_request "$(( $(cpu_ticks "${SERVER_PID}") - server_before ))" "${clk}" "${line}")"
  CPU_PG[$label,$kind]="$(per_request "$(( $(cpu_ticks "${pg_pids[@]}") - pg_before ))" "${clk}" "${line}")"
  echo "   ${line}" >&2
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"${line}"; }
  RPS[$label,$kind]="$(get rps)"
  P50[$label,$kind]="$(get p50_ms)"
  P99[$label,$kind]="$(get p99_ms)"
  ERR[$label,$kind]="$(get errors)"
  REQS[$label,$kind]="$(get requests)"
  CREATED[$label,$kind]="$(get created)"
  CONFLICTS[$label,$kind]="$(get conflicts)"
  STATUSES[$label,$kind]="$(get statuses)"
  SOCKET[$label,$kind]="$(get socket_errors)"
  if [[ "${kind}" == "clinic" ]]; then RSS[$label]="$(peak_rss_mib)"; fi
  # netty loads its epoll library only when it runs on native epoll: the mapped files tell.
  if grep -q 'netty_transport_native_epoll' "/proc/${SERVER_PID}/maps" 2>/dev/null; then
    TRANSPORT[$kind]="epoll"
  else
    TRANSPORT[$kind]="${TRANSPORT[$kind]:-NIO}"
  fi
  stop_server
}

for w in ${WORKLOADS}; do
  case "${w}" in
    w0)     measure w0 bare w0.lua "${CONNECTIONS}";     measure w0 clinic w0.lua "${CONNECTIONS}" ;;
    w1)     measure w1 bare w1raw.lua "${CONNECTIONS}";  measure w1 clinic w1.lua "${CONNECTIONS}" ;;
    w1c512) measure w1c512 bare w1raw.lua 512;           measure w1c512 clinic w1.lua 512 ;;
    w1c1)   measure w1c1 bare w1raw.lua 1;               measure w1c1 clinic w1.lua 1 ;;
    w2)     measure w2 clinic w2.lua "${CONNECTIONS}" ;;
    w3)     measure w3 clinic w3.lua "${CONNECTIONS}" ;;
  esac
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

# -------------------------------------------------------------------------------------------- report
declare -A TITLE=(
  [w0]="W0 GET /health/live c${CONNECTIONS}"
  [w1]="W1 GET /appointments/{id} c${CONNECTIONS}"
  [w1c512]="W1 GET /appointments/{id} c512"
  [w1c1]="W1 GET /appointments/{id} c1"
  [w2]="W2 GET /appointments?limit=25 c${CONNECTIONS}"
  [w3]="W3 POST /appointments c${CONNECTIONS}"
)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
# check VALUE OP GOAL -> PASS/FAIL (numbers compared with awk)
check() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { ok = (op == ">=") ? v >= g : v <= g; print ok ? "PASS" : "FAIL" }'; }

report() {
  echo
  echo "clinic-api $(git -C "${ROOT}" describe --always --dirty 2>/dev/null || echo '?') vs the bare read" \
    "($(date -u +%Y-%m-%dT%H:%MZ)); server on CPU ${SERVER_CPU}, wrk -t1 on CPU ${LOAD_CPU}," \
    "warm-up ${WARMUP}, measured ${DURATION}, ${JAVA_OPTS}"
  echo "netty transport: clinic-api ${TRANSPORT[clinic]:-not run}, bare ${TRANSPORT[bare]:-not run};" \
    "load average (1/5/15 min) before ${LOAD_START}, after ${LOAD_END}: other work on the machine skews everything"
  echo
  printf '%-38s %-10s %10s %9s %9s %7s %7s %7s  %s\n' "workload" "server" "req/s" "p50 ms" "p99 ms" "errors" "cpu us" "pg us" "clinic/bare req/s"
  local w kind first notes title name
  for w in ${WORKLOADS}; do
    first=1
    for kind in bare clinic; do
      [[ -n "${RPS[$w,$kind]:-}" ]] || continue
      notes=""
      if [[ "${kind}" == "clinic" && -n "${RPS[$w,bare]:-}" ]]; then
        notes="$(ratio "${RPS[$w,clinic]}" "${RPS[$w,bare]}")"
      fi
      if [[ "${w}" == "w3" ]]; then
        notes="201 created ${CREATED[$w,$kind]}, 409 conflicts ${CONFLICTS[$w,$kind]}"
        if [[ "${CREATED[$w,$kind]}" == "0" ]]; then notes="${notes} (slots used up: re-seed with SETUP=1)"; fi
      fi
      if [[ "${kind}" == "clinic" ]]; then notes="${notes:+${notes}; }peak RSS ${RSS[$w]} MiB"; fi
      if [[ "${ERR[$w,$kind]}" != "0" ]]; then notes="${notes:+${notes}; }statuses ${STATUSES[$w,$kind]}"; fi
      if [[ "${SOCKET[$w,$kind]}" != "0" ]]; then notes="${notes:+${notes}; }socket errors/timeouts ${SOCKET[$w,$kind]}"; fi
      title=""; if (( first )); then title="${TITLE[$w]}"; fi
      name="bare"; if [[ "${kind}" == "clinic" ]]; then name="clinic-api"; fi
      printf '%-38s %-10s %10s %9s %9s %7s %7s %7s  %s\n' "${title}" "${name}" \
        "${RPS[$w,$kind]}" "${P50[$w,$kind]}" "${P99[$w,$kind]}" "${ERR[$w,$kind]}" "${CPU_SERVER[$w,$kind]}" "${CPU_PG[$w,$kind]}" "${notes}"
      first=0
    done
  done

  echo
  printf '%-34s %12s %10s  %s\n' "target (issue 11)" "measured" "goal" "result"
  # target LABEL MEASURED OP GOAL UNIT WORKLOADS-WHOSE-ERRORS-INVALIDATE-IT
  target() {
    local label="$1" value="$2" op="$3" goal="$4" unit="$5" result errors=0 k
    shift 5
    for k in "$@"; do errors=$((errors + ${ERR[$k]:-0})); done
    if [[ -z "${value}" || "${value}" == "-" ]]; then
      result="not run"
    elif (( errors > 0 )); then
      result="FAIL (${errors} errors: not comparable)"
    else
      result="$(check "${value}" "${op}" "${goal}")"
    fi
    printf '%-34s %12s %10s  %s\n' "${label}" "${value:--}${value:+${unit}}" "${op} ${goal}${unit}" "${result}"
  }
  if [[ -n "${RPS[w0,clinic]:-}" && -n "${RPS[w0,bare]:-}" ]]; then
    target "W0 clinic/bare req/s" "$(ratio "${RPS[w0,clinic]}" "${RPS[w0,bare]}")" ">=" 0.6 "" "w0,clinic" "w0,bare"
  fi
  if [[ -n "${RPS[w1,clinic]:-}" && -n "${RPS[w1,bare]:-}" ]]; then
    target "W1 c${CONNECTIONS} clinic/bare req/s" "$(ratio "${RPS[w1,clinic]}" "${RPS[w1,bare]}")" ">=" 0.5 "" "w1,clinic" "w1,bare"
  fi
  if [[ -n "${RPS[w1c512,clinic]:-}" ]]; then
    target "W1 c512 p99 clinic-api" "${P99[w1c512,clinic]}" "<=" 60 " ms" "w1c512,clinic"
  fi
  if [[ -n "${RPS[w1c1,clinic]:-}" ]]; then
    target "W1 c1 p50 clinic-api" "${P50[w1c1,clinic]}" "<=" 2.5 " ms" "w1c1,clinic"
  fi
  local max=0 at=""
  for w in "${!RSS[@]}"; do
    if (( ${RSS[$w]} > max )); then max="${RSS[$w]}"; at="${w}"; fi
  done
  if [[ -n "${at}" ]]; then
    target "peak RSS clinic-api (${at})" "${max}" "<=" 256 " MiB"
  fi
  # The Spring Boot peer is not part of this harness: its figures are the issue's, from another run.
  if [[ -n "${RPS[w2,clinic]:-}" ]]; then
    echo "W2 ${RPS[w2,clinic]} req/s: the issue's goal is >= 1.5 x the Spring peer (2,726 in the issue's run: 4,089) - indicative, not same-run"
  fi
  if [[ -n "${RPS[w3,clinic]:-}" ]]; then
    echo "W3 ${RPS[w3,clinic]} req/s: the issue's goal is >= the Spring peer (1,761 in the issue's run) - indicative, not same-run"
  fi
  echo
  echo "wrk output and server logs: ${OUT_DIR}"
}

report | tee "${OUT_DIR}/results.txt"
