#!/usr/bin/env bash
# `npm test`: every test tier (unit, integration, end-to-end) against the real
# NATS and Postgres of this machine. Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .herald/logs
. scripts/ensure-node.sh
. scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile --reporter=silent
node scripts/ensure-infra.ts
# Some tests run promtool (`promtool check metrics` on /metrics, the Prometheus
# rules and their unit tests). It comes with Debian's `prometheus` package.
if ! command -v promtool >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing promtool (apt-get install prometheus)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } || {
      echo "test: could not install promtool with apt-get install prometheus" >&2
      exit 1
    }
  else
    echo "test: promtool is missing; install it, then run npm test again:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install prometheus   (promtool comes with it)" >&2
    echo "  elsewhere: put promtool from a release at https://prometheus.io/download/ on your PATH" >&2
    exit 1
  fi
fi
# The end-to-end tests run the services from their compiled output.
if ! pnpm build >.herald/logs/build.log 2>&1; then
  tail -n 40 .herald/logs/build.log
  echo "test: the build failed (full output in .herald/logs/build.log)" >&2
  exit 1
fi
# Two passes. The end-to-end tests run one at a time, then the unit and
# integration tests share the two workers. Each end-to-end test starts all
# five services as processes, and two platforms starting side by side on two
# cores would turn their latency assertions into measurements of each other. `--outputFile=F` (CI)
# gets both passes' results merged.
jest() { node --experimental-vm-modules node_modules/jest/bin/jest.js "$@"; }
output=
args=()
for arg in "$@"; do
  case "$arg" in
  --outputFile=*) output=${arg#--outputFile=} ;;
  -*) args+=("$arg") ;;
  *) exec node --experimental-vm-modules node_modules/jest/bin/jest.js "$@" ;; # chosen paths: one pass
  esac
done
tiers=(--testPathIgnorePatterns=/node_modules/ --testPathIgnorePatterns=/dist/ --testPathIgnorePatterns=/test/e2e/)
e2e=(--runInBand --testPathPatterns=/test/e2e/)
status=0
if [ -z "$output" ]; then
  jest "${e2e[@]}" "${args[@]}" || status=$?
  jest "${tiers[@]}" "${args[@]}" || status=$?
  exit "$status"
fi
rm -f "$output.tiers" "$output.e2e"
jest "${e2e[@]}" "${args[@]}" --outputFile="$output.e2e" || status=$?
jest "${tiers[@]}" "${args[@]}" --outputFile="$output.tiers" || status=$?
node scripts/merge-jest-results.mjs "$output" "$output.tiers" "$output.e2e"
exit "$status"
