#!/usr/bin/env bash
# Development serving, after scripts/bootstrap.sh: migrate, load the demo region, start one background
# worker (ZIPs of PDFs, big exports and imports) next to Django's development server, print the address
# really served, and stop the worker when the server stops.
#   PORT_BIND  host:port or port to serve on (default 127.0.0.1:8000; 0.0.0.0:8000 for the whole network)
#   SITE_URL   the address in filed PDFs' QR codes (default: the address served)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"

bind="${PORT_BIND:-127.0.0.1:8000}"
[[ "$bind" == *:* ]] || bind="127.0.0.1:$bind"
host="${bind%:*}"
port="${bind##*:}"
if ! .venv/bin/python -c 'import socket, sys; socket.create_server((sys.argv[1], int(sys.argv[2]))).close()' \
    "$host" "$port" 2>/dev/null; then
  echo "无法在 $host:$port 提供服务：端口已被占用或地址无效。请换一个，例如 PORT_BIND=$host:$((port + 1)) bash scripts/run.sh" >&2
  exit 1
fi
addresses=("http://$host:$port")
if [ "$host" = "0.0.0.0" ]; then  # every address of this machine; the first of the network goes into QR codes
  addresses=()
  for ip in $(hostname -I 2>/dev/null) 127.0.0.1; do addresses+=("http://$ip:$port"); done
fi
export SITE_URL="${SITE_URL:-${addresses[0]}}"
hosts="127.0.0.1,localhost"
for address in "${addresses[@]}"; do hosts="$hosts,$(echo "$address" | sed -E 's#^http://(.*):[0-9]+$#\1#')"; done
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-$hosts}"

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo

.venv/bin/python manage.py jobs_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
echo "后台任务进程已启动（PID $worker），随开发服务器一起停止。"
echo "演示平台：${addresses[*]} （演示账号见 README.md；已备案 PDF 的二维码指向 $SITE_URL）"
.venv/bin/python manage.py runserver "$bind"
