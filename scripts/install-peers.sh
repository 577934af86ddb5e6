#!/usr/bin/env bash
# Installs the real peers the compat tests run against (Kafka's jars and tools,
# the Go and Python clients…) by name and exact version from their registries,
# into the git-ignored cache .peers/. Each scripts/peers/*.sh installs one
# ecosystem and is idempotent: with the cache in place a run takes seconds and
# needs no network. A registry that cannot be reached fails with the name of
# what could not be had.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PEERS_DIR="${PEERS_DIR:-$root/.peers}"
mkdir -p "$PEERS_DIR"

status=0
for step in "$root"/scripts/peers/*.sh; do
  [ -e "$step" ] || continue
  name="$(basename "$step" .sh)"
  start=$(date +%s)
  if bash "$step"; then
    echo "peers/$name: ready ($(( $(date +%s) - start )) s)"
  else
    echo "peers/$name: FAILED; the tests that need these peers will fail and name them" >&2
    status=1
  fi
done
exit $status
