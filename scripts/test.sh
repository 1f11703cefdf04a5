#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: quality gates, the tests on the
# embedded SQLite database (including the browser tests), then again on a real
# PostgreSQL. A local PostgreSQL is started on loopback when EENLOKET_TEST_DATABASE_URL
# is not set (installed with apt-get when missing); Debian's chromium and dovecot-imapd
# (for the IMAP tests) likewise.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export EENLOKET_NODE_MODULES="$PWD/node_modules"
WORK=$(mktemp -d /tmp/eenloket-test.XXXXXX)
export EENLOKET_DATA_DIR="$WORK/data"
mkdir -p "$EENLOKET_DATA_DIR"
unset EENLOKET_DATABASE_URL EENLOKET_MODE EENLOKET_SMTP_HOST EENLOKET_S3_BUCKET EENLOKET_IMAP_HOST EENLOKET_CLAMAV_HOST || true
PG_STARTED=""

cleanup() {
  if [ -n "$PG_STARTED" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "Missing $*; install it (apt-get install $*) or run as root." >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || { step "installing Debian chromium"; apt_install chromium; }
}

ensure_dovecot() {
  # The IMAP tests start a throw-away Dovecot of their own (integraties/tests/mailservers.py).
  [ -x /usr/lib/dovecot/imap ] || { step "installing Debian dovecot-imapd"; apt_install dovecot-imapd; }
}

ensure_postgres() {
  if [ -n "${EENLOKET_TEST_DATABASE_URL:-}" ]; then
    PG_URL="$EENLOKET_TEST_DATABASE_URL"
    return
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    step "installing PostgreSQL"
    apt_install postgresql
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = "0" ] && chown postgres "$WORK" "$WORK/pg" && chmod 755 "$WORK"
  PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  PG_STARTED=1
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/eenloket"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

step "ruff (lint + format)"
$BIN/ruff check src bench
$BIN/ruff format --check src bench

step "mypy"
$BIN/mypy

step "migrations are complete"
$BIN/eenloket makemigrations --check --dry-run >/dev/null || {
  echo "Model changes without a migration: run 'eenloket makemigrations'." >&2; exit 1; }

step "OpenAPI schema has not drifted"
$BIN/eenloket spectacular --file "$WORK/openapi.yaml" --validate --fail-on-warn
diff -u docs/api/openapi.yaml "$WORK/openapi.yaml" || {
  echo "docs/api/openapi.yaml is out of date: run 'make schema' and commit it." >&2; exit 1; }

ensure_chromium
ensure_dovecot
ensure_postgres

step "tests on SQLite (embedded default), browser tests included"
$BIN/python -m pytest -n 2 -q

step "tests on PostgreSQL (production database)"
EENLOKET_DATABASE_URL="$PG_URL" $BIN/python -m pytest -n 2 -q -m "not e2e"
