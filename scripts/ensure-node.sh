#!/usr/bin/env bash
# Installs Node.js and npm for `make audit` (Lighthouse) from Debian's packages, only when
# they are missing. The test suite does not need them.
set -euo pipefail

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    echo "Node.js present: $(node --version), npm $(npm --version)."
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Node.js and npm are missing. Install them with your package manager." >&2
    exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    else
        echo "Node.js and npm are missing, and neither root nor sudo to install them." >&2
        exit 1
    fi
fi

echo "Installing system packages: nodejs npm"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends nodejs npm
