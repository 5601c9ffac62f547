#!/usr/bin/env bash
# The backup drill in the environment docs/deploy.md §1.3 builds on Debian 12: Debian's own
# /usr/bin/python3 (3.11.2 there, older than the pyenv Python of `make test`), a venv filled by
# deploy/install-lock from requirements/prod.txt (psycopg2 compiled from source), DEBUG=false.
# Then: migrate, demo data, publish the demo year inline, backup, restore --check, restore into a
# fresh empty database and media folder, and compare every media file byte for byte.
# Exits non-zero on any failure; drops its databases and removes its folders whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
tag="deployvenv_$$"
work="$(mktemp -d)"
dbs=("${tag}_a" "${tag}_b")

cleanup() {
  for db in "${dbs[@]}"; do
    psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${db}" postgres >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "deploy-venv: FAILED: $*" >&2; exit 1; }

echo "== deploy-venv: system packages to build psycopg2 and encrypt backups"
wanted=(build-essential python3-dev python3-venv libpq-dev postgresql-client age)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== deploy-venv: $(/usr/bin/python3 --version) -m venv, deploy/install-lock requirements/prod.txt"
/usr/bin/python3 -m venv "$work/venv"
if ! deploy/install-lock "$work/venv" requirements/prod.txt > "$work/install.log" 2>&1; then
  grep -v "is neither a file nor a directory" "$work/install.log" | tail -n 40
  fail "deploy/install-lock"
fi
PY="$work/venv/bin/python"

export DEBUG=false LOG_FORMAT=text
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export STATIC_ROOT="$work/static" CACHE_DIR="$work/cache"
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND REDIS_CACHE_URL   # publish inline, no broker
# The backup is encrypted to a key made for this run, as production requires (docs/deploy.md §4).
age-keygen -o "$work/backup-key.txt" 2>/dev/null
export BACKUP_ENCRYPTION_RECIPIENTS="$(age-keygen -y "$work/backup-key.txt")"
unset BACKUP_IDENTITY_FILE BACKUP_ALLOW_UNENCRYPTED   # the server holds only the public key
source_env() { export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$1" MEDIA_ROOT="$work/$2"; }

for db in "${dbs[@]}"; do psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE ${db}" postgres; done
source_env "${dbs[0]}" media-a
echo "== deploy-venv: migrate, load_demo, publish the demo year (inline)"
$PY manage.py migrate --noinput --verbosity 0 || fail "migrate"
$PY manage.py load_demo --password "deploy-venv-$$-password" > "$work/demo.log" || fail "load_demo"
$PY manage.py collectstatic --noinput --verbosity 0 || fail "collectstatic"
$PY manage.py publish_reports --year 2562 --wait --poll 1 || fail "publish_reports"
pdfs="$(find "$MEDIA_ROOT" -name '*.pdf' | wc -l)"
[ "$pdfs" -gt 0 ] || fail "no published PDF under $MEDIA_ROOT"

echo "== deploy-venv: backup (encrypted), restore --check"
$PY manage.py backup "$work/backups" || fail "backup"
archive="$(find "$work/backups" -maxdepth 1 -name 'ita-backup-*' -type f | head -n 1)"
[ -n "$archive" ] || fail "backup wrote no archive"
$PY manage.py restore --check --without-key "$work/backups" || fail "restore --check --without-key (the nightly check)"
if $PY manage.py restore --check "$archive" 2>/dev/null; then
  fail "restore --check read an encrypted archive without its key"
fi
export BACKUP_IDENTITY_FILE="$work/backup-key.txt"   # the restoring host holds the identity
$PY manage.py restore --check "$archive" || fail "restore --check"

echo "== deploy-venv: restore into a fresh empty database and media folder"
source_env "${dbs[1]}" media-b
mkdir "$MEDIA_ROOT"
$PY manage.py restore "$archive" || fail "restore"

echo "== deploy-venv: compare every media file (${pdfs} published PDFs among them)"
(cd "$work/media-a" && find . -type f | sort | xargs -d '\n' sha256sum) > "$work/a.sha256"
(cd "$work/media-b" && find . -type f | sort | xargs -d '\n' sha256sum) > "$work/b.sha256"
diff "$work/a.sha256" "$work/b.sha256" || fail "restored media files differ from the originals"
echo "== deploy-venv: passed ($(wc -l < "$work/a.sha256") files byte-identical)"
