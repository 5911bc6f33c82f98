#!/usr/bin/env bash
# Three clinic-api nodes on one machine, one clustered event bus (README "Running several nodes"):
#   backend  NODE_ROLES=database,communications,payments,jobs  probes + metrics http://127.0.0.1:9091
#   http-1   NODE_ROLES=http  API http://127.0.0.1:8081  (metrics :9092)
#   http-2   NODE_ROLES=http  API http://127.0.0.1:8082  (metrics :9093)
# Needs the jar (./mvnw -q -B package -DskipTests), a PostgreSQL and a Redis (DATABASE_URL, REDIS_URL; by default
# the local ones, database "clinic_cluster", created if missing). Dev profile: demo logins, the Stripe simulator,
# mail and SMS to files under DATA_DIR. Logs in DATA_DIR/logs. Ctrl-C stops all three (SIGTERM, in order).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/clinic-api.jar}
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/clinic_cluster}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export DATA_DIR=${DATA_DIR:-.clinic-data/cluster}
export CLUSTER_ENABLED=true CLUSTER_HOST=127.0.0.1 CLUSTER_NAME=${CLUSTER_NAME:-clinic-local}
export CLUSTER_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
# Links in mails, and where the dev Stripe simulator (on the back end) delivers its webhooks, signed with a
# secret all three nodes share (one process alone would make its own).
export APP_BASE_URL=http://localhost:8081
export STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET:-whsec_local_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}

[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw -q -B package -DskipTests first" >&2; exit 1; }
if command -v psql >/dev/null && [[ $DATABASE_URL == */clinic_cluster ]]; then
  psql "${DATABASE_URL%/*}/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = 'clinic_cluster'" | grep -q 1 \
    || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE clinic_cluster"
fi
mkdir -p "$DATA_DIR/logs"

pids=()
node() { # name roles cluster-port http-port metrics-port
  CLUSTER_PORT=$3 NODE_ROLES=$2 HTTP_PORT=$4 METRICS_PORT=$5 LOG_FORMAT=text \
    java -Xmx384m -jar "$JAR" serve >"$DATA_DIR/logs/$1.log" 2>&1 &
  pids+=($!)
  echo "started $1 (pid $!, roles $2), log $DATA_DIR/logs/$1.log"
}
ready() { # url seconds: the node started last must answer (a port taken by another process fails it)
  for _ in $(seq 1 "$2"); do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "a node exited (see the logs)" >&2; stop; exit 1; }
    curl -fs -o /dev/null "$1" && return 0
    sleep 1
  done
  echo "not ready: $1 (see the logs)" >&2
  stop
  exit 1
}
stop() {
  echo "stopping"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  wait
}
trap stop INT TERM

# The back end first: it migrates the database and, in dev, makes the signing and data keys the others read.
node backend database,communications,payments,jobs 5701 8090 9091
ready http://127.0.0.1:9091/health/ready 120
node http-1 http 5702 8081 9092
ready http://127.0.0.1:8081/health/ready 120
node http-2 http 5703 8082 9093
ready http://127.0.0.1:8082/health/ready 120
echo "ready: API http://127.0.0.1:8081/api/v1 and http://127.0.0.1:8082/api/v1; Ctrl-C stops the cluster"
wait
