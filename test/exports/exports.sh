#!/usr/bin/env bash
# Makes (once) the exported models of make_exports.py, in the peers venv,
# and prints their folder. The folder lies in the cache, keyed by the script
# and the pinned packages, so a rerun reuses it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$(bash "$root/scripts/python-env.sh" peers)"
key=$(cat "$here/make_exports.py" "$root/scripts/requirements-peers.txt" \
        "$root/scripts/requirements.txt" | sha256sum | cut -c1-12)
cases="${DLC_CACHE_DIR:-$HOME/.cache/dlc}/exports-$key"
if [ ! -f "$cases/.complete" ]; then
  rm -rf "$cases"
  "$venv/bin/python" "$here/make_exports.py" "$cases" >&2
  touch "$cases/.complete"
fi
echo "$cases"
