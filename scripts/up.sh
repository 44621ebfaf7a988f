#!/usr/bin/env bash
# `npm start`: install what Herald needs, build it, and run the whole platform.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1; then
  echo "herald: installing pnpm 12.21.0 (npm i -g pnpm@12.21.0)"
  npm install -g pnpm@12.21.0 >/dev/null
fi
pnpm install --frozen-lockfile --reporter=silent
pnpm build >/dev/null
exec node scripts/up.mjs "$@"
