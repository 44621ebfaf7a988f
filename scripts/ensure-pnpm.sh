# Sourced by scripts/up.sh, scripts/test.sh, bench/run.sh and .ci/run (after
# scripts/ensure-node.sh): makes pnpm 12 available.
# When pnpm is missing (or another major version), installs pnpm@12.21.0 with npm:
# globally when npm may write its global prefix, otherwise into .herald/tools.
PNPM_VERSION=12.21.0

pnpm_ok() { command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" = 12 ]; }

if ! pnpm_ok && [ -x .herald/tools/node_modules/.bin/pnpm ]; then
  export PATH="$PWD/.herald/tools/node_modules/.bin:$PATH"
fi
if ! pnpm_ok; then
  if command -v pnpm >/dev/null 2>&1; then
    echo "herald: found pnpm $(pnpm --version 2>/dev/null), need 12.x; installing pnpm@$PNPM_VERSION into .herald/tools"
  else
    echo "herald: pnpm not found; installing pnpm@$PNPM_VERSION with npm"
  fi
  if ! command -v pnpm >/dev/null 2>&1 &&
    npm install --global --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null 2>&1; then
    export PATH="$(npm prefix --global)/bin:$PATH"
  fi
  if ! pnpm_ok; then
    mkdir -p .herald/tools
    npm install --prefix .herald/tools --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null ||
      { echo "herald: could not install pnpm with npm (is the npm registry reachable?)" >&2; exit 1; }
    export PATH="$PWD/.herald/tools/node_modules/.bin:$PATH"
  fi
  pnpm_ok || { echo "herald: pnpm $PNPM_VERSION is still not runnable" >&2; exit 1; }
  echo "herald: using pnpm $(pnpm --version) from $(command -v pnpm)"
fi
