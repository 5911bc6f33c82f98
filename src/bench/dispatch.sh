#!/usr/bin/env bash
# Dispatch throughput: messages per second from the outbox to a local SMTP sink and to a stand-in for Twilio's
# Messages API (DispatchSinks.java), through the real dispatcher, vertx-mail-client and twilio SDK. The server is
# pinned to one core, the sinks to the other. A warm-up round, then MESSAGES e-mails and MESSAGES SMS queued at
# once; the figure is messages sent per second until the outbox is empty, with the server's CPU per message.
#
# Environment (defaults in brackets):
#   MESSAGES [20000] per channel;  WARMUP_MESSAGES [4000] per channel;  OUTBOX_BATCH_SIZE [50]
#   JAR [target/clinic-api.jar];  JAVA_OPTS [-Xmx512m];  SERVER_CPU [0]  LOAD_CPU [1]
#   ADMIN_URL [postgresql://postgres@127.0.0.1:5432/postgres]: the database clinic_dispatch_bench is made and dropped there
#   REDIS_URL [redis://127.0.0.1:6379/0];  DATA_DIR [/tmp/clinic-dispatch-bench]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "${BENCH_DIR}/../.." && pwd)"
JAR="${JAR:-${ROOT}/target/clinic-api.jar}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
MESSAGES="${MESSAGES:-20000}"
WARMUP_MESSAGES="${WARMUP_MESSAGES:-4000}"
BATCH="${OUTBOX_BATCH_SIZE:-50}"
SERVER_CPU="${SERVER_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
ADMIN_URL="${ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
DB_URL="${ADMIN_URL%/*}/clinic_dispatch_bench"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
DATA_DIR="${DATA_DIR:-/tmp/clinic-dispatch-bench}"
PORT=18180; METRICS=18190; SMTP_SINK_PORT=12525; TWILIO_SINK_PORT=12580

die() { echo "dispatch.sh: $*" >&2; exit 1; }
[[ -r "${JAR}" ]] || die "no ${JAR}: build it first (./mvnw -B package -DskipTests)"
for tool in java javac psql curl taskset; do command -v "${tool}" >/dev/null || die "${tool} is not installed"; done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "${pid}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "${ADMIN_URL}" -c "DROP DATABASE IF EXISTS clinic_dispatch_bench" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "${DATA_DIR}"; mkdir -p "${DATA_DIR}/classes"
psql -q "${ADMIN_URL}" -c "DROP DATABASE IF EXISTS clinic_dispatch_bench" -c "CREATE DATABASE clinic_dispatch_bench" >/dev/null
javac -cp "${JAR}" -d "${DATA_DIR}/classes" "${BENCH_DIR}/DispatchSinks.java"

SMTP_SINK_PORT=${SMTP_SINK_PORT} TWILIO_SINK_PORT=${TWILIO_SINK_PORT} \
  taskset -c "${LOAD_CPU}" java -cp "${JAR}:${DATA_DIR}/classes" DispatchSinks > "${DATA_DIR}/sinks.log" 2>&1 &
PIDS+=($!)
env DATABASE_URL="${DB_URL}" REDIS_URL="${REDIS_URL}" REDIS_KEY_PREFIX="clinic-dispatch-bench:" DATA_DIR="${DATA_DIR}" \
  HTTP_PORT=${PORT} METRICS_PORT=${METRICS} SMTP_HOST=127.0.0.1 SMTP_PORT=${SMTP_SINK_PORT} SMTP_SECURITY=none \
  MAIL_FROM="Bench <bench@clinic.test>" TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_AUTH_TOKEN=bench \
  TWILIO_FROM=+15005550006 TWILIO_API_BASE="http://127.0.0.1:${TWILIO_SINK_PORT}" TWILIO_WEBHOOK_BASE_URL=https://bench.invalid \
  OUTBOX_BATCH_SIZE="${BATCH}" COMMUNICATIONS_WORKER_THREADS=8 \
  taskset -c "${SERVER_CPU}" java ${JAVA_OPTS} -jar "${JAR}" serve > "${DATA_DIR}/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=(${SERVER_PID})
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/health/ready" 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/health/ready" || die "the server did not become ready (${DATA_DIR}/server.log)"

psql -q "${DB_URL}" >/dev/null <<'SQL'
INSERT INTO locations (id, name, address, time_zone) VALUES ('00000000-0000-0000-0000-00000000d150', 'Bench Clinic', '1 Load St', 'America/Detroit');
INSERT INTO users (id, email, name, phone, role) VALUES ('00000000-0000-0000-0000-00000000d151', 'bench.patient@example.com', 'Bench Patient', '+14155550123', 'patient');
SQL

# $1 messages per channel: password-reset e-mails and confirmation SMS of one patient, queued in one statement each.
queue() {
  psql -q "${DB_URL}" >/dev/null <<SQL
INSERT INTO outbox (kind, channel, user_id, payload)
SELECT 'password_reset', 'email', '00000000-0000-0000-0000-00000000d151', jsonb_build_object('link', 'https://app.test/reset?token=' || g, 'expiresInSeconds', 3600)
  FROM generate_series(1, $1) g;
INSERT INTO outbox (kind, channel, user_id, payload)
SELECT 'appointment.confirmation', 'sms', '00000000-0000-0000-0000-00000000d151', jsonb_build_object('appointmentId', gen_random_uuid(),
       'providerId', gen_random_uuid(), 'locationId', '00000000-0000-0000-0000-00000000d150', 'startsAt', '2031-01-15T15:00:00Z',
       'endsAt', '2031-01-15T15:30:00Z', 'timeZone', 'America/Detroit')
  FROM generate_series(1, $1) g;
SQL
}
pending() { psql -qtA "${DB_URL}" -c "SELECT count(*) FROM outbox WHERE status = 'queued'"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/${SERVER_PID}/stat"; }
drain() {
  while [[ "$(pending)" != "0" ]]; do sleep 0.2; done
}

queue "${WARMUP_MESSAGES}"; drain
before=$(cpu_ticks); start=$(date +%s.%N)
queue "${MESSAGES}"; drain
end=$(date +%s.%N); after=$(cpu_ticks)
total=$((2 * MESSAGES))
failed=$(psql -qtA "${DB_URL}" -c "SELECT count(*) FROM outbox WHERE status <> 'sent'")
counts=$(curl -fsS "http://127.0.0.1:${TWILIO_SINK_PORT}/counts")
hz=$(getconf CLK_TCK)
awk -v n="${total}" -v s="${start}" -v e="${end}" -v c=$((after - before)) -v hz="${hz}" -v f="${failed}" -v k="${counts}" 'BEGIN {
  t = e - s
  printf "dispatch: %d messages (half e-mail, half SMS) in %.1f s = %.0f messages/s; server CPU %.0f us per message; not sent: %d; sinks got (mail sms, with warm-up): %s\n", n, t, n / t, c / hz * 1e6 / n, f, k
}'
