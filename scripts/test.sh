#!/usr/bin/env bash
# `npm test`: every test tier (unit, integration, end-to-end) against the real
# NATS and Postgres of this machine. Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1; then npm install -g pnpm@12.21.0 >/dev/null; fi
pnpm install --frozen-lockfile --reporter=silent
bash scripts/ensure-infra.sh
# The end-to-end tests run the services from their compiled output.
pnpm build >/dev/null
exec node --experimental-vm-modules node_modules/jest/bin/jest.js "$@"
