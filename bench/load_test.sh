#!/usr/bin/env bash
# Load test: generated national-scale data on PostgreSQL, the portal under
# gunicorn on 127.0.0.1, one signed-in session per role, Debian's wrk with 20 connections for a
# bounded time against four pages. Prints a Markdown table for bench/RESULTS-load.md.
#
#   bash bench/load_test.sh                      # generate (when the database is empty) and run
#   SKIP_GENERATE=1 DURATION=30s bash bench/load_test.sh
#
# Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/redcross_scale),
# MEMBERS VOLUNTEERS ORGS SERVICE_RECORDS SEED (sizes of the generated data), DURATION (20s),
# CONNECTIONS (20), THREADS (wrk threads, default 2), WEB_CONCURRENCY (gunicorn workers, default one a
# core of the web tier), PORT (8765), WEB_CPUS / WRK_CPUS (optional taskset CPU lists, e.g. 0-11 and
# 12-15, to keep the web tier and wrk on cores of their own on a bigger machine).
# The last column is each page's requests/s over the public page's in the same run: the portal's own
# share, which does not depend on how fast the machine is.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/redcross_scale}"
export SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-0123456789-not-for-production}"
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1
# the workers share one cache, as README advises for several processes (the statistics page's report)
export REDIS_URL="${REDIS_URL-redis://127.0.0.1:6379/0}"
PORT="${PORT:-8765}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-20}"
THREADS="${THREADS:-2}"
# one worker a core: the pages are CPU-bound and PostgreSQL and wrk share these cores (2×cores+1
# workers gave 30–50 % fewer requests/s here; bench/RESULTS-load.md)
if [ -n "${WEB_CPUS:-}" ]; then web_cores=$(taskset -c "$WEB_CPUS" nproc); else web_cores=$(nproc); fi
WORKERS="${WEB_CONCURRENCY:-$web_cores}"
pin() {  # pin VAR_NAME command...: run the command on the CPUs the variable lists, if any
  local cpus="${!1:-}"; shift
  if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}
PY=.venv/bin/python

if ! command -v wrk >/dev/null; then
  echo "安装 wrk（Debian 软件包）…" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >&2; else sudo apt-get install -y wrk >&2; fi
fi

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
if [ -z "${SKIP_GENERATE:-}" ] && [ "$($PY manage.py shell --no-imports -c 'from members.models import Member; print(Member.objects.count())')" = 0 ]; then
  $PY manage.py generate_scale_data --members "${MEMBERS:-1000000}" --volunteers "${VOLUNTEERS:-200000}" \
    --orgs "${ORGS:-20000}" --service-records "${SERVICE_RECORDS:-1000000}" --seed "${SEED:-1}" >&2
fi

pin WEB_CPUS .venv/bin/gunicorn redcross_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --timeout 120 --log-level warning &
gunicorn=$!
trap 'kill $gunicorn 2>/dev/null; wait $gunicorn 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/login/" -H "X-Forwarded-Proto: https" && break; sleep 1; done

targets=$($PY bench/session_cookies.py)
rows=()
public_rps=
while IFS=$'\t' read -r name path cookie; do
  url="http://127.0.0.1:$PORT$path"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-Proto: https" ${cookie:+-H "Cookie: $cookie"} "$url")
  if [ "$status" != 200 ]; then rows+=("-|$name | — | — | — | — | — | — | 预检失败：HTTP $status"); continue; fi
  # warm every worker first (its first request compiles templates and fills its caches: up to
  # 0.9 s, which otherwise lands in the measured max and p99)
  WRK_COOKIE="$cookie" pin WRK_CPUS wrk -t1 -c"$((WORKERS * 2))" -d2s -s bench/wrk_report.lua "$url" >/dev/null
  line=$(WRK_COOKIE="$cookie" pin WRK_CPUS wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s \
           -s bench/wrk_report.lua "$url" | grep '^RESULT')
  declare -A r=()
  for kv in ${line#RESULT }; do r[${kv%%=*}]=${kv#*=}; done
  socket=$(( r[connect] + r[read] + r[write] + r[timeout] ))
  rows+=("${r[rps]}|$name | ${r[rps]} | ${r[p50_ms]} | ${r[p95_ms]} | ${r[p99_ms]} | ${r[max_ms]} | ${r[requests]} | ${r[not_200]} / $socket")
  case "$name" in public*) public_rps=${r[rps]} ;; esac
done <<< "$targets"

echo "| page | requests/s | p50 ms | p95 ms | p99 ms | max ms | requests | errors (non-200 / socket) | × public page |"
echo "|---|---:|---:|---:|---:|---:|---:|---|---:|"
for row in "${rows[@]}"; do
  rps=${row%%|*}
  ratio="—"
  if [ "$rps" != "-" ] && [ -n "$public_rps" ]; then ratio=$(awk -v a="$rps" -v b="$public_rps" 'BEGIN { printf "%.2f", a / b }'); fi
  echo "| ${row#*|} | $ratio |"
done
