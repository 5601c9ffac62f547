#!/usr/bin/env bash
# pip-audit over both lock files, with PyPI's advisory data. Where that service cannot be
# reached (a closed network), say so and pass: a closed network is not a vulnerability.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
# The per-version JSON pip-audit asks for (a mirror may serve the index but not this).
probe="https://pypi.org/pypi/pip/24.0/json"
if ! "$BIN/python" - "$probe" <<'PY'
import sys
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=15) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
then
  echo "pip-audit: ข้าม — ติดต่อบริการข้อมูลช่องโหว่ของ PyPI ไม่ได้ ($probe)" \
    "/ skipped: the vulnerability service cannot be reached"
  exit 0
fi
# --strict: a package that could not be looked up fails the audit (never a silent pass).
exec "$BIN/pip-audit" --strict --disable-pip --require-hashes --progress-spinner off \
  -r requirements/prod.txt -r requirements/dev.txt
