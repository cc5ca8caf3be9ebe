#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when they are missing:
# Chromium (browser tests drive it through Playwright; never a browser download of
# Playwright's own), a PostgreSQL server (started per test session by the tests),
# and fonts with ä, ö and å for word clouds and charts.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
pg_bin=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_bin="$(pg_config --bindir)"
fi
if [ -z "$pg_bin" ]; then
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && pg_bin="$dir"
    done
fi
[ -n "$pg_bin" ] || missing+=(postgresql)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "System packages present: chromium, postgresql ($pg_bin), fonts-dejavu-core."
    exit 0
fi

exec "$(dirname "$0")/apt-install.sh" "${missing[@]}"
