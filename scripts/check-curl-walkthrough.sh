#!/usr/bin/env bash
# Runs the README's "Walkthrough with curl" block as written, against the
# platform `npm start` has up (it reads .herald/env like the walkthrough), and
# checks what it promises: the event is delivered once with a signature the
# receiver example verifies, the attempt log shows a 204, the replay reaches
# the receiver with the same webhook-id (which it recognises as a duplicate),
# and the block ends within 120 s. Exits non-zero if not.
#   bash scripts/check-curl-walkthrough.sh        (with npm start running in this checkout)
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f .herald/env ] || { echo "check-curl-walkthrough: no .herald/env; is npm start running?" >&2; exit 2; }
if (exec 3<>/dev/tcp/127.0.0.1/9001) 2>/dev/null; then
  echo "check-curl-walkthrough: port 9001 (the walkthrough's receiver) is in use; free it first" >&2
  exit 2
fi

block=$(awk '/^## Walkthrough with curl/{w=1} w && /^```sh/{f=1; next} f && /^```/{exit} f' README.md)
printf '%s\n' "$block" | grep -q '^kill \$RECEIVER' ||
  { echo "check-curl-walkthrough: README block not found" >&2; exit 2; }

log=$(mktemp)
fail() { echo "check-curl-walkthrough: FAIL: $*"; rm -f "$log"; exit 1; }
# The block's own shell; MESSAGE is printed at the end for the checks below.
timeout 120 bash -c "$block
echo \"check-curl-walkthrough: message=\$MESSAGE\"" >"$log" 2>&1
status=$?
cat "$log"
[ "$status" -eq 0 ] || fail "the block exited with $status (124: did not finish within 120 s)"
message=$(sed -n 's/^check-curl-walkthrough: message=//p' "$log")
case "$message" in msg_*) ;; *) fail "no message id from step 4" ;; esac
[ "$(grep -c "^verified $message: {\"order\":1,\"total\":\"9.90\"}$" "$log")" -eq 1 ] ||
  fail "the receiver did not verify the delivery of $message exactly once"
[ "$(grep -c "^duplicate $message, ignored$" "$log")" -eq 1 ] ||
  fail "the replay did not reach the receiver with the same webhook-id"
grep -q '"statusCode":204' "$log" || fail "the attempt log (step 6) shows no 204"
grep -q '^rejected:' "$log" && fail "the receiver rejected a signature"
grep -q '"outcome":"failure"' "$log" && fail "an attempt failed (was the receiver listening?)"
rm -f "$log"
echo "check-curl-walkthrough: PASS: delivered and verified once, attempt log 204, replay recognised as the same message"
