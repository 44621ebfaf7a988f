#!/usr/bin/env bash
# `bash bench/ab.sh <checkout A> <checkout B> [pairs] [-- harness options]`:
# two builds of Herald compared (ADR 0119). Each checkout must be installed and
# built already (`pnpm install --frozen-lockfile && pnpm build && pnpm
# --filter @herald/bench build`). Runs `--only throughput` in each, in the
# order A B B A A B B A … (one pair is one run of each; the order turns every
# pair so that a drift of the machine weighs on both sides alike), then
# prints the comparison in receiver units (`bench/dist/compare.js`, run from
# checkout A). Pairs: 4 unless given. Each run takes about three minutes.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: bash bench/ab.sh <checkout A> <checkout B> [pairs] [-- harness options]" >&2
  exit 2
fi
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
shift 2
pairs=4
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  pairs=$1
  shift
fi
[ "${1:-}" = "--" ] && shift
for dir in "$a" "$b"; do
  if [ ! -f "$dir/bench/dist/main.js" ] || [ ! -f "$dir/bench/dist/compare.js" ]; then
    echo "$dir is not built: pnpm install --frozen-lockfile && pnpm build && pnpm --filter @herald/bench build" >&2
    exit 2
  fi
done

results_a=()
results_b=()
one_run() {
  local dir=$1
  shift
  local out
  # The run's output goes to stderr line by line; its results file is kept.
  out=$(cd "$dir" && node bench/dist/main.js --only throughput "$@" | while IFS= read -r line; do
    printf '%s\n' "$line" >&2
    case $line in "JSON: "*) printf '%s\n' "${line#JSON: }" ;; esac
  done | tail -1)
  if [ -z "$out" ]; then
    echo "a run in $dir printed no results file" >&2
    exit 1
  fi
  echo "$dir/$out"
}
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then
    results_a+=("$(one_run "$a" "$@")")
    results_b+=("$(one_run "$b" "$@")")
  else
    results_b+=("$(one_run "$b" "$@")")
    results_a+=("$(one_run "$a" "$@")")
  fi
done
node "$a/bench/dist/compare.js" "${results_a[@]}" --vs "${results_b[@]}"
