#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to as real peers.
# Run as root (CI does); otherwise it prints what is missing and exits non-zero.
set -euo pipefail

packages=(kcat python3-kafka postgresql fonts-wqy-microhei chromium zstd unzip openssl)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test peers: all installed (${packages[*]})"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test peers missing: ${missing[*]}" >&2
  echo "run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "test peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "test peers: installed ${missing[*]}"
