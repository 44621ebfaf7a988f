#!/usr/bin/env bash
# Makes sure NATS (with JetStream) and Postgres answer on this machine, starting
# the Debian-packaged ones if they are installed but stopped. Used by .ci/run and
# `npm test`; `npm start` has its own embedded fallbacks.
set -uo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  for _ in $(seq 1 60); do answers "$1" && return 0; sleep 0.5; done
  return 1
}

if ! answers 4222; then
  if command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; then
    echo "ensure-infra: starting nats-server with JetStream on 127.0.0.1:4222"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server
  else
    echo "ensure-infra: installing nats-server (apt-get install nats-server)"
    (apt-get update -qq && apt-get install -y -qq nats-server) >/dev/null
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server
  fi
  wait_for 4222 || { echo "ensure-infra: NATS did not come up on 127.0.0.1:4222" >&2; exit 1; }
fi

if ! answers 5432; then
  if ! ls /etc/postgresql >/dev/null 2>&1; then
    echo "ensure-infra: installing postgresql (apt-get install postgresql)"
    (apt-get update -qq && apt-get install -y -qq postgresql) >/dev/null
  fi
  echo "ensure-infra: starting PostgreSQL $(ls /etc/postgresql) on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_for 5432 || { echo "ensure-infra: Postgres did not come up on 127.0.0.1:5432" >&2; exit 1; }
fi
echo "ensure-infra: NATS 127.0.0.1:4222 and Postgres 127.0.0.1:5432 answer"
