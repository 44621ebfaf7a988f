#!/usr/bin/env bash
# `npm start`: install what Herald needs, build it, and run the whole platform
# (scripts/up.ts: NATS, Postgres, the five services).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .herald/logs
. scripts/ensure-node.sh
. scripts/ensure-pnpm.sh

echo "herald: installing dependencies (pnpm install --frozen-lockfile)"
pnpm install --frozen-lockfile --reporter=silent
echo "herald: building (pnpm build; output in .herald/logs/build.log)"
if ! pnpm build >.herald/logs/build.log 2>&1; then
  tail -n 40 .herald/logs/build.log
  echo "herald: the build failed (full output in .herald/logs/build.log)" >&2
  exit 1
fi
exec node scripts/up.ts
