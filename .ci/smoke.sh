#!/usr/bin/env bash
# Production smoke test: gunicorn with DEBUG=false and a Celery worker against PostgreSQL and
# Redis on 127.0.0.1; publishes the demo year through the worker, then fetches what a visitor
# and an administrator would. Stops what it started and drops its database, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
tag="smoke_$$"
work="$(mktemp -d)"
port="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${tag}" postgres || true
  rm -rf "$work"
}
trap cleanup EXIT

export DEBUG=false
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${tag}"
export CELERY_BROKER_URL=redis://127.0.0.1:6379/0
export CELERY_TASK_DEFAULT_QUEUE="ita-${tag}"   # a queue of its own on a shared Redis
export STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media" CACHE_DIR="$work/cache"
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SECURE_HSTS_SECONDS=0 SITE_URL="http://127.0.0.1:${port}"
export LOG_FORMAT=json   # as in production: every line of every process is checked below

psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE ${tag}" postgres
echo "== smoke: migrate, demo data, collectstatic"
$PY manage.py migrate --noinput --verbosity 0
$PY manage.py load_demo --password "smoke-$$-password" > "$work/demo.log"
$PY manage.py collectstatic --noinput --verbosity 0

echo "== smoke: gunicorn on 127.0.0.1:${port} and a Celery worker"
# The configuration the systemd unit uses (deploy/gunicorn.conf.py: workers, logs).
.venv/bin/gunicorn --config deploy/gunicorn.conf.py --bind "127.0.0.1:${port}" --workers 2 \
  > "$work/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A ita_portal --quiet worker --concurrency 1 --loglevel INFO \
  -Q "$CELERY_TASK_DEFAULT_QUEUE" > "$work/celery.log" 2>&1 &
pids+=($!)

echo "== smoke: publish the demo year through the worker"
if ! timeout 600 $PY manage.py publish_reports --year 2562 --wait --poll 1; then
  echo "publish_reports failed; the worker said:"; tail -n 40 "$work/celery.log"; exit 1
fi

echo "== smoke: fetch the pages"
if ! $PY .ci/smoke_fetch.py "http://127.0.0.1:${port}"; then
  echo "gunicorn said:"; tail -n 40 "$work/gunicorn.log"; exit 1
fi
echo "== smoke: every log line of gunicorn and the worker is one JSON object (LOG_FORMAT=json)"
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()
$PY .ci/smoke_logs.py "$work/gunicorn.log" "$work/celery.log"
echo "== smoke: passed"
