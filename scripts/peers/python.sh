#!/usr/bin/env bash
# The Python peers: one venv per client version, $PEERS_DIR/python/<name>-<version>,
# each installed from PyPI by the exact pins in test/peers/python/requirements/<name>-<version>.txt.
# A venv whose stamp matches its requirements file is left alone, so a warm run needs no network.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
: "${PEERS_DIR:?PEERS_DIR is not set; run scripts/install-peers.sh}"
python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "python: $python not found; install Python 3.11 (apt-get install python3 python3-venv)" >&2; exit 1; }

for req in "$root"/test/peers/python/requirements/*.txt; do
  name="$(basename "$req" .txt)"
  venv="$PEERS_DIR/python/$name"
  # The stamp names the interpreter too: a venv outlives neither its requirements nor its Python.
  want="$(sha256sum "$req" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.stamp" 2>/dev/null)" = "$want" ]; then
    continue
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv"
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --only-binary=:all: -r "$req"; then
    rm -rf "$venv"
    echo "python: could not install $name from PyPI (pins in ${req#"$root"/})" >&2
    exit 1
  fi
  echo "$want" > "$venv/.stamp"
  echo "python: installed $name"
done
