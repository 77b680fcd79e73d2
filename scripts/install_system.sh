#!/usr/bin/env bash
# System packages the portal and its tests need on Debian: Pango/HarfBuzz for WeasyPrint,
# a CJK serif font for the PDF, poppler-utils (pdftotext/pdffonts/pdftoppm) for PDF tests,
# Chromium for the Playwright browser tests, venv for Python and npm for the front-end packages.
# Idempotent; apt only when root. Another apt or dpkg at work (unattended upgrades, a second
# terminal) is waited for, up to APT_LOCK_WAIT seconds, instead of failing.
set -euo pipefail
PKGS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils chromium)
# A machine with Node.js from NodeSource already has npm, and Debian's npm package conflicts with it
command -v npm >/dev/null || PKGS+=(npm)
# Debian's own python3 makes the virtualenv where it is new enough (3.13 on Debian 13); it needs venv
if python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then PKGS+=(python3-venv); fi
WAIT="${APT_LOCK_WAIT:-600}"
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "缺少系统软件包 / missing system packages. Run as root:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

apt_get() {
  # dpkg's lock is waited for by apt itself (DPkg::Lock::Timeout); the package lists' lock of
  # `apt-get update` is not, so a refusal naming a lock is retried until WAIT runs out.
  local log waited=0
  log=$(mktemp)
  until LC_ALL=C apt-get -o DPkg::Lock::Timeout="$WAIT" "$@" 2>"$log"; do
    cat "$log" >&2
    if ! grep -qi "lock" "$log" || [ "$waited" -ge "$WAIT" ]; then
      rm -f "$log"
      return 1
    fi
    echo "另一个 apt/dpkg 进程正在运行，等待其结束后重试（已等待 ${waited} 秒）……" >&2
    sleep 10
    waited=$((waited + 10))
  done
  cat "$log" >&2
  rm -f "$log"
}

export DEBIAN_FRONTEND=noninteractive
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}"
