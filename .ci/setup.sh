#!/usr/bin/env bash
# Installs what Deputy needs on a fresh Debian machine (pnpm, Chromium, PostgreSQL when absent), then the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! command -v pnpm >/dev/null 2>&1; then
  echo "setup: installing pnpm"
  npm install -g pnpm@12.21.0 >/dev/null 2>&1 || as_root npm install -g pnpm@12.21.0 >/dev/null
fi
if [ "${DEPUTY_SKIP_CHROMIUM:-}" != 1 ] && ! [ -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium"
  apt_install chromium
fi
if [ "${DEPUTY_NEED_POSTGRES:-}" = 1 ]; then
  bash .ci/postgres.sh
fi
echo "setup: pnpm install"
pnpm install --reporter=silent
