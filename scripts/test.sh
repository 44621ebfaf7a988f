#!/usr/bin/env bash
# `npm test`: every test tier (unit, integration, end-to-end) against the real
# NATS and Postgres of this machine. Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .herald/logs
. scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile --reporter=silent
node scripts/ensure-infra.mjs
# The end-to-end tests run the services from their compiled output.
if ! pnpm build >.herald/logs/build.log 2>&1; then
  tail -n 40 .herald/logs/build.log
  echo "test: the build failed (full output in .herald/logs/build.log)" >&2
  exit 1
fi
exec node --experimental-vm-modules node_modules/jest/bin/jest.js "$@"
