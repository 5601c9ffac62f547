#!/usr/bin/env bash
# Debian packages the portal needs: age to encrypt backups, Pango/HarfBuzz for WeasyPrint, gettext for messages,
# poppler for PDF checks, chromium for browser tests, Node.js and npm for pdf.js (the tests' PDF
# reader; machines of this kind carry Node.js 20). Installs only what is missing.
set -euo pipefail
wanted=(age gettext poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0 chromium)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ติดตั้งแพ็กเกจระบบ: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
