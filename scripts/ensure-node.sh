#!/usr/bin/env bash
# Installs Node.js and npm for `make audit` (Lighthouse) from Debian's packages, only when
# they are missing. The test suite does not need them.
set -euo pipefail

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    echo "Node.js present: $(node --version), npm $(npm --version)."
    exit 0
fi

exec "$(dirname "$0")/apt-install.sh" nodejs npm
