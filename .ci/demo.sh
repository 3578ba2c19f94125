#!/usr/bin/env bash
# Deputy's demo: installs what it needs, builds the widgets and the extension, then starts the server
# on the embedded lowdb store (five demo partners seeded) and a host site on a second origin.
# Ctrl-C stops everything. The data lives in .deputy/demo.json: delete .deputy/ to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
DEPUTY_SKIP_CHROMIUM=1 bash .ci/setup.sh

API_PORT=${DEPUTY_PORT:-8787}
HOST_PORT=${DEPUTY_HOST_PORT:-5174}
API="http://localhost:$API_PORT"
HOST="http://localhost:$HOST_PORT"
# The extension build has a fixed id (extension/README.md): the server trusts its origin for cookie sessions.
EXTENSION_ORIGIN=chrome-extension://jepcnihnaglkpodjncadaiekhmgpicdj
# DATABASE_URL (passed on to the server) runs the demo on PostgreSQL instead of the lowdb file.
STORE=${DATABASE_URL:+PostgreSQL (DATABASE_URL)}
STORE=${STORE:-.deputy/demo.json}
mkdir -p .deputy/outbox

for port in "$API_PORT" "$HOST_PORT"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "demo: port $port is in use (another demo running?); set DEPUTY_PORT / DEPUTY_HOST_PORT" >&2
    exit 1
  fi
done

echo "demo: building the widgets and the extension"
pnpm --filter @deputy/elements --filter @deputy/extension run build >/dev/null

# Each process runs in its own process group (setsid), so stopping kills pnpm and the node under it.
groups=()
stop() {
  trap - INT TERM EXIT
  for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo
  echo "demo: stopped (data kept in $STORE)"
  exit 0
}
trap stop INT TERM EXIT

DEPUTY_EXTENSION_ORIGINS=$EXTENSION_ORIGIN setsid pnpm --filter @deputy/server --silent start -- \
  --data "$PWD/.deputy/demo.json" --port "$API_PORT" --seed demo --outbox "$PWD/.deputy/outbox" &
groups+=($!)
DEPUTY_API=$API DEPUTY_OUTBOX="$PWD/.deputy/outbox" PORT=$HOST_PORT setsid pnpm --filter @deputy/demo-host --silent start &
groups+=($!)

ready=
for _ in $(seq 1 120); do
  # The server listens only once its store is open and seeded: any answer means ready.
  if curl -s -o /dev/null "$API/api/health" && curl -fsS -o /dev/null "$HOST/host/config" 2>/dev/null; then ready=1; break; fi
  for g in "${groups[@]}"; do kill -0 "$g" 2>/dev/null || { echo "demo: a process exited during start-up (see above)" >&2; exit 1; }; done
  sleep 0.5
done
[ -n "$ready" ] || { echo "demo: the server or the host did not answer within 60 s" >&2; exit 1; }

cat <<INFO

Deputy demo is running.
  Host site (second origin, embeds every widget):  $HOST/
  Deputy server, API reference:                    $API/docs
  Extension: open chrome://extensions, turn on Developer mode, "Load unpacked" and pick
             $PWD/extension/dist
             In its options add the server $API and the host page $HOST.
  Second-factor codes are read from .deputy/outbox and shown on the host page (development only).
INFO
pnpm --filter @deputy/demo-host --silent run users
if [ -n "${DATABASE_URL:-}" ]; then echo "Data: $STORE. Press Ctrl-C to stop."; else echo "Data: $STORE (delete .deputy/ to start over). Press Ctrl-C to stop."; fi
wait
