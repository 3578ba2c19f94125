#!/usr/bin/env bash
# Deputy's whole test command: installs what it needs, typechecks, runs every suite, and ends with
# one line `N passed, M failed` summed over all of them. Exits non-zero on any failure or when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."
DEPUTY_NEED_POSTGRES=1 bash .ci/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
broken=0

echo "== typecheck"
pnpm -r --no-bail typecheck || { echo "!! typecheck failed"; broken=$((broken + 1)); }

# Suites in dependency order; each writes a vitest-style JSON report to $DEPUTY_REPORT.
for dir in packages/core server packages/client packages/elements extension test; do
  [ -f "$dir/package.json" ] && grep -q '"test":' "$dir/package.json" || continue
  name=${dir//\//-}
  echo "== $dir"
  if ! (cd "$dir" && DEPUTY_REPORT="$reports/$name.json" pnpm run --silent test); then
    echo "!! $dir failed"
    [ -s "$reports/$name.json" ] || broken=$((broken + 1))
  fi
done

node .ci/summary.mjs "$reports" "$broken"
