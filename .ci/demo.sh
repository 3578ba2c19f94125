#!/usr/bin/env bash
# Deputy's demo: installs what it needs, builds the widgets and the extension, then starts the server
# on the embedded lowdb store (five demo partners seeded) and a host page on a second origin.
# Ctrl-C stops everything. The data lives in .deputy/demo.json: delete it to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
DEPUTY_SKIP_CHROMIUM=1 bash .ci/setup.sh

API_PORT=${DEPUTY_PORT:-8787}
HOST_PORT=${DEPUTY_HOST_PORT:-5174}
mkdir -p .deputy/outbox

echo "demo: building the widgets and the extension"
pnpm --filter @deputy/elements --filter @deputy/extension run build >/dev/null

pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo; echo "demo: stopped"; }
trap stop INT TERM EXIT

DEPUTY_EXTENSION_ORIGINS=chrome-extension://jepcnihnaglkpodjncadaiekhmgpicdj pnpm --filter @deputy/server --silent start -- --data "$PWD/.deputy/demo.json" --port "$API_PORT" --seed demo --outbox "$PWD/.deputy/outbox" &
pids+=($!)
DEPUTY_API="http://localhost:$API_PORT" DEPUTY_OUTBOX="$PWD/.deputy/outbox" PORT="$HOST_PORT" \
  pnpm --filter @deputy/demo-host --silent start &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$API_PORT/api/health" >/dev/null 2>&1 && curl -fsS "http://localhost:$HOST_PORT/" >/dev/null 2>&1 && break
  sleep 0.5
done
cat <<INFO

Deputy demo is running.
  Host page (embeds every widget):  http://localhost:$HOST_PORT/
  Deputy server and API reference:  http://localhost:$API_PORT/docs
  Extension: open chrome://extensions, turn on Developer mode, "Load unpacked" and pick
             $PWD/extension/dist — then add http://localhost:$API_PORT in its options.
  Demo users: every partner has users of every role; all use the password deputy-demo-pass.
             The host page lists them; second-factor codes appear on the page (read from .deputy/outbox).
Press Ctrl-C to stop. Delete .deputy/ to start over.
INFO
wait
