#!/usr/bin/env bash
# Makes (once) the venv of scripts/requirements.txt under the cache folder and
# prints its path. The folder is keyed by the requirements' hash, so a changed
# pin makes a new venv and an unchanged one is reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${DLC_CACHE_DIR:-$HOME/.cache/dlc}"
reqs="$root/scripts/requirements.txt"
key=$(sha256sum "$reqs" | cut -c1-12)
venv="$cache/venv-$key"
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  mkdir -p "$cache"
  /usr/bin/python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$reqs" >&2
  touch "$venv/.complete"
fi
echo "$venv"
