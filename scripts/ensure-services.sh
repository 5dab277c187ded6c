#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 for the test suite: start them if they
# are installed but stopped, and install them from the distribution when we are root and
# they are missing. Never fails by itself: the tests decide (with CI=true a missing
# PostgreSQL is a failure there, not a skip).
set -uo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = "PONG" ]; }

install_packages() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  echo "installing $* ..." >&2
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 || install_packages postgresql || return 1
  local version; version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null ||
    pg_ctlcluster "$version" main start 2>/dev/null
  # Fresh installs only trust local socket users; the tests connect over TCP as postgres.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [ -f "$hba" ] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null ||
      pg_ctlcluster "$version" main reload 2>/dev/null
  fi
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || install_packages redis-server || return 1
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1
}

wait_for() {
  local check=$1
  for _ in $(seq 1 30); do "$check" && return 0; sleep 0.5; done
  return 1
}

if ! pg_up; then
  echo "PostgreSQL does not answer on 127.0.0.1:5432; starting it" >&2
  start_postgres && wait_for pg_up || echo "PostgreSQL could not be started" >&2
fi
if ! redis_up; then
  echo "Redis does not answer on 127.0.0.1:6379; starting it" >&2
  start_redis && wait_for redis_up || echo "Redis could not be started" >&2
fi

# Backups of PostgreSQL run pg_dump, pg_restore and psql, whose major version must be at
# least the server's (pg_dump refuses a newer server).
pg_client_major() { pg_dump --version 2>/dev/null | sed -n 's/[^0-9]*\([0-9][0-9]*\).*/\1/p'; }
server_major=$(psql -X -h 127.0.0.1 -U postgres -Atc 'SHOW server_version_num' 2>/dev/null | cut -c1-2)
if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1 ||
   ! command -v psql >/dev/null 2>&1; then
  install_packages postgresql-client || echo "pg_dump, pg_restore and psql are missing (postgresql-client)" >&2
elif [ -n "$server_major" ] && [ "$(pg_client_major)" -lt "$server_major" ] 2>/dev/null; then
  install_packages "postgresql-client-$server_major" ||
    echo "pg_dump $(pg_client_major) is older than the PostgreSQL $server_major server" >&2
fi
exit 0
