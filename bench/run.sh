#!/usr/bin/env bash
# `pnpm bench`: everything from a fresh clone — dependencies, NATS and
# Postgres (started if installed but stopped), a build of every service and of
# the harness — then the run itself. Arguments go to the harness (--help).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1; then npm install -g pnpm@12.21.0 >/dev/null; fi
pnpm install --frozen-lockfile --reporter=silent
bash scripts/ensure-infra.sh >&2
pnpm build >/dev/null
pnpm --filter @herald/bench build >/dev/null
exec node bench/dist/main.js "$@"
