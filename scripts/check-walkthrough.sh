#!/usr/bin/env bash
# Runs the README's "Walkthrough" block as written, against the platform that
# `npm start` has up (it reads .herald/env like the walkthrough does), and checks
# what the walkthrough promises:
#   after step 5 — a tenant, its catalog and an endpoint exist; the test event
#     (step 4), the event published over NATS and the one over HTTP (step 5)
#     reach the receiver with a valid signature and the catalog's envelope
#     ("event", "date"); the payload without `isLogin` is refused with the schema
#     error; the attempt log shows three successful attempts;
#   after step 7 — the disabled endpoint refused the test, and the message
#     published while it was off arrived once it was enabled again.
# Exits non-zero if not.
#   bash scripts/check-walkthrough.sh        (with npm start running in this checkout)
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f .herald/env ] || { echo "check-walkthrough: no .herald/env; is npm start running?" >&2; exit 2; }

block=$(awk '/^## Walkthrough/{w=1} w && /^```sh/{f=1; next} f && /^```/{exit} f' README.md)
to_step_5=$(printf '%s\n' "$block" | awk '/^# 6\./{exit} {print}')
steps_6_7=$(printf '%s\n' "$block" | awk '/^# 6\./{f=1} /^kill \$RECEIVER/{exit} f')
last_line=$(printf '%s\n' "$block" | awk '/^kill \$RECEIVER/{f=1} f')
[ -n "$to_step_5" ] && [ -n "$steps_6_7" ] && [ -n "$last_line" ] ||
  { echo "check-walkthrough: README block not found (steps 0-5, 6-7 and the final kill)" >&2; exit 2; }

log=$(mktemp)
# Both checks run in the walkthrough's own shell, so they see its variables.
common=$(
  cat <<'EOF'
check_fail() { echo "check-walkthrough: FAIL: $*"; kill $RECEIVER 2>/dev/null; exit 1; }
received() { grep 'signature ok' "$CHECK_LOG" | grep -c -- "$1"; }
wait_for() { # wait_for <description> <command…>: bounded wait for a condition
  local what=$1 deadline=$((SECONDS + 30)); shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || check_fail "$what (waited 30 s)"
    sleep 0.2
  done
}
EOF
)
after_step_5=$(
  cat <<'EOF'
# ---- check-walkthrough: what steps 1-5 promise
case "${HERALD_API_KEY:-}" in hrld_*) ;; *) check_fail "no API key in the tenant response" ;; esac
[ -n "${ENDPOINT:-}" ] && [ "$ENDPOINT" != undefined ] || check_fail "no endpoint id in the response"
case "$(node -p "require('./.herald/endpoint.json').secret")" in whsec_*) ;;
  *) check_fail "the endpoint secret is not whsec_…" ;; esac
three_delivered() { [ "$(grep -c 'signature ok' "$CHECK_LOG")" -ge 3 ]; }
wait_for "the receiver did not get the test, NATS and HTTP events" three_delivered
grep -q 'signature BAD' "$CHECK_LOG" && check_fail "a delivery had a bad signature"
[ "$(received '"event":"AgentLog","date":"[^"]*","agent":"agentTest","isLogin":true}')" -eq 1 ] ||
  check_fail "the test event (step 4) did not arrive once, enveloped"
[ "$(received '"event":"AgentBreak","date":"[^"]*","agent":"AgentTest","motive":"Lunch","isBreak":true}')" -eq 1 ] ||
  check_fail "the NATS event (step 5) did not arrive once, enveloped"
[ "$(received '"event":"AgentLog","date":"[^"]*","agent":"agentTest","isLogin":false}')" -eq 1 ] ||
  check_fail "the HTTP event (step 5) did not arrive once, enveloped"
grep -q 'schema_validation_failed' "$CHECK_LOG" ||
  check_fail "the payload without isLogin was not refused with schema_validation_failed"
three_logged() {
  curl -s "$HEALTH_MONITOR/v1/endpoints/$ENDPOINT/attempts" -H "authorization: Bearer $HERALD_API_KEY" |
    node -e 'const d = JSON.parse(require("fs").readFileSync(0, "utf8")).data;
      process.exit(d.length === 3 && d.every((a) => a.outcome === "success") ? 0 : 1)'
}
wait_for "the attempt log does not show exactly three successful attempts" three_logged
echo "check-walkthrough: steps 1-5 ok: 3 events received, signatures ok, schema error given, 3 attempts logged"
EOF
)
after_step_7=$(
  cat <<'EOF'
# ---- check-walkthrough: what step 7 promises
grep -q 'endpoint_disabled' "$CHECK_LOG" || check_fail "the disabled endpoint did not refuse the test"
held_delivered() { [ "$(received '"agent":"agentTest","isLogin":true}')" -ge 2 ]; }
wait_for "the message held while disabled was not delivered after enabling" held_delivered
[ "$(received '"agent":"agentTest","isLogin":true}')" -eq 2 ] || check_fail "the held message arrived twice"
echo "check-walkthrough: step 7 ok: test refused while disabled, held message delivered after enabling"
EOF
)

if (exec 3<>/dev/tcp/127.0.0.1/9000) 2>/dev/null; then
  echo "check-walkthrough: port 9000 (the walkthrough's receiver) is in use; free it first" >&2
  exit 2
fi

bash -c "trap 'kill \$RECEIVER 2>/dev/null' EXIT
CHECK_LOG='$log'
$common
$to_step_5
$after_step_5
$steps_6_7
$after_step_7
$last_line
wait \$RECEIVER 2>/dev/null
echo check-walkthrough: PASS" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
grep -q '^check-walkthrough: PASS' "$log" || status=1
rm -f "$log"
exit "$status"
