#!/usr/bin/env bash
# `pnpm bench`: everything from a fresh clone — dependencies, NATS and
# Postgres (started if installed but stopped), a build of every service and of
# the harness — then the run itself. Arguments go to the harness (--help).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-node.sh
. scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile --reporter=silent
node scripts/ensure-infra.ts >&2
pnpm build >/dev/null
pnpm --filter @herald/bench build >/dev/null
exec node bench/dist/main.js "$@"
