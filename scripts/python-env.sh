#!/usr/bin/env bash
# Makes (once) the venv of a requirements file (default scripts/requirements.txt;
# `python-env.sh peers` takes scripts/requirements-peers.txt) under the cache
# folder and prints its path. The folder is keyed by the hash of the
# requirements files, so a changed pin makes a new venv and an unchanged one is
# reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${DLC_CACHE_DIR:-$HOME/.cache/dlc}"
name="${1:-}"
reqs="$root/scripts/requirements${name:+-$name}.txt"
[ -f "$reqs" ] || { echo "python-env.sh: no $reqs" >&2; exit 2; }
files=("$reqs")
[ -z "$name" ] || files+=("$root/scripts/requirements.txt")
key=$(cat "${files[@]}" | sha256sum | cut -c1-12)
venv="$cache/venv${name:+-$name}-$key"
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  mkdir -p "$cache"
  /usr/bin/python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$reqs" >&2
  touch "$venv/.complete"
fi
echo "$venv"
