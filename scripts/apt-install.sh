#!/usr/bin/env bash
# Installs the Debian packages named as arguments with apt-get, as root or through sudo;
# the ensure-*.sh scripts call it for what they find missing.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 PACKAGE..." >&2
    exit 2
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: $*. Install them with your package manager." >&2
    exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    else
        echo "Missing system packages: $*, and neither root nor sudo to install them." >&2
        exit 1
    fi
fi

echo "Installing system packages: $*"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "$@"
