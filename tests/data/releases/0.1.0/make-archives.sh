#!/usr/bin/env bash
# Make this folder's archives with release 0.1.0's own code (commit bd68dff): a demo migrated,
# loaded and published by that release, then `manage.py backup` (archive format 1).
#
#   git worktree add /tmp/prev-release bd68dff && ln -s "$PWD/.venv" /tmp/prev-release/.venv
#   tests/data/releases/0.1.0/make-archives.sh /tmp/prev-release
#   git worktree remove --force /tmp/prev-release
#
# PostgreSQL: a throw-away database ita_release_prev at 127.0.0.1:5432 (user postgres, trust).
set -euo pipefail
code=${1:?usage: make-archives.sh PREVIOUS_RELEASE_CHECKOUT}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DEBUG=true
unset CELERY_BROKER_URL  # publish inline, in this process
cd "$code"
.venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0

archive() {  # VENDOR DATABASE_URL
  local vendor=$1
  mkdir -p "$work/$vendor/media" "$work/$vendor/out"
  DATABASE_URL=$2 MEDIA_ROOT="$work/$vendor/media" bash -c '
    set -euo pipefail
    .venv/bin/python manage.py migrate --noinput --verbosity 0
    .venv/bin/python manage.py load_demo --password somepassword >/dev/null
    .venv/bin/python manage.py publish_reports --year 2562 --wait --poll 0.5
    .venv/bin/python manage.py backup "$0"
  ' "$work/$vendor/out"
  rm -f "$here/$vendor.tar.gz"
  mv "$work/$vendor"/out/ita-backup-*.tar.gz "$here/$vendor.tar.gz"
}

archive sqlite "sqlite:///$work/db.sqlite3"
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS ita_release_prev" \
  -c "CREATE DATABASE ita_release_prev"
archive postgresql postgres://postgres@127.0.0.1:5432/ita_release_prev
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE ita_release_prev"
chmod 0644 "$here"/*.tar.gz
ls -l "$here"/*.tar.gz
