#!/usr/bin/env bash
# Runs the README's "Walkthrough" block as written, against the platform that
# `npm start` has up (it reads .herald/env like the walkthrough does), and checks
# what the walkthrough promises: a tenant and an endpoint are created, the event
# sent over HTTP and the one sent over NATS both reach the receiver with a valid
# signature, and the attempt log shows both as successful. Exits non-zero if not.
#   bash scripts/check-walkthrough.sh        (with npm start running in this checkout)
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f .herald/env ] || { echo "check-walkthrough: no .herald/env; is npm start running?" >&2; exit 2; }

block=$(awk '/^## Walkthrough/{w=1} w && /^```sh/{f=1; next} f && /^```/{exit} f' README.md)
before_stop=$(printf '%s\n' "$block" | awk '/^# 6\./{exit} {print}')
stop_step=$(printf '%s\n' "$block" | awk '/^# 6\./{f=1} f')
[ -n "$before_stop" ] && [ -n "$stop_step" ] || { echo "check-walkthrough: README block not found" >&2; exit 2; }

log=$(mktemp)
# The checks run in the walkthrough's shell, between step 5 and step 6.
checks=$(
  cat <<'EOF'
# ---- check-walkthrough: wait (bounded) for what step 5 says, then check it
check_fail() { echo "check-walkthrough: FAIL: $*"; kill $RECEIVER 2>/dev/null; exit 1; }
[ -n "${KEY:-}" ] && [ "$KEY" != undefined ] || check_fail "no API key in the tenant response"
[ -n "${ENDPOINT:-}" ] && [ "$ENDPOINT" != undefined ] || check_fail "no endpoint id in the response"
case "$SECRET" in whsec_*) ;; *) check_fail "endpoint secret is not whsec_…: $SECRET" ;; esac
deadline=$((SECONDS + 30))
until [ "$(grep -c 'signature ok' "$CHECK_LOG")" -ge 2 ]; do
  [ $SECONDS -lt $deadline ] || check_fail "the receiver did not get both deliveries within 30 s"
  sleep 0.2
done
grep -q 'signature BAD' "$CHECK_LOG" && check_fail "a delivery had a bad signature"
grep -q 'webhook-id=.*signature ok {"event":"message_created","content":"hi"}' "$CHECK_LOG" ||
  check_fail "the HTTP event was not delivered as published"
grep -q 'webhook-id=.*signature ok {"event":"conversation_updated","id":42}' "$CHECK_LOG" ||
  check_fail "the NATS event was not delivered byte for byte"
until curl -s $HEALTH_MONITOR/v1/endpoints/$ENDPOINT/attempts -H "authorization: Bearer $KEY" |
  node -e 'const d = JSON.parse(require("fs").readFileSync(0, "utf8")).data;
    process.exit(d.filter((a) => a.outcome === "success").length === 2 && d.length === 2 ? 0 : 1)'; do
  [ $SECONDS -lt $deadline ] || check_fail "the attempt log does not show exactly two successful attempts"
  sleep 0.2
done
echo "check-walkthrough: receiver got both events, signatures ok; attempt log shows 2 successes"
EOF
)

if (exec 3<>/dev/tcp/127.0.0.1/9000) 2>/dev/null; then
  echo "check-walkthrough: port 9000 (the walkthrough's receiver) is in use; free it first" >&2
  exit 2
fi

bash -c "trap 'kill \$RECEIVER 2>/dev/null' EXIT
$before_stop
CHECK_LOG='$log'
$checks
$stop_step
wait \$RECEIVER 2>/dev/null
echo check-walkthrough: PASS" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
grep -q '^check-walkthrough: PASS' "$log" || status=1
rm -f "$log"
exit "$status"
