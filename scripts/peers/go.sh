#!/usr/bin/env bash
# The Go peers: builds the module test/peers/go (franz-go with kadm, sarama, kafka-go,
# pinned in its go.mod and go.sum) into $PEERS_DIR/go/bin, one binary per client.
# The module cache and the build cache live under $PEERS_DIR/go as well, and a stamp
# on the sources' hash skips the build when nothing changed, so a warm run needs no network.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
: "${PEERS_DIR:?PEERS_DIR is not set; run scripts/install-peers.sh}"
command -v go >/dev/null || { echo "go: the go toolchain is not on PATH; install Go 1.26" >&2; exit 1; }
src="$root/test/peers/go"
out="$PEERS_DIR/go/bin"
export GOMODCACHE="$PEERS_DIR/go/mod" GOCACHE="$PEERS_DIR/go/cache" GOFLAGS=-mod=readonly GOTOOLCHAIN=local

want="$( (go version; cd "$src" && find . -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -d' ' -f1)"
built=yes
for cmd in "$src"/cmd/*/; do [ -x "$out/$(basename "$cmd")" ] || built=no; done
if [ "$built" = yes ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
mkdir -p "$out"
cd "$src"
if ! go mod download; then
  echo "go: could not download the modules pinned in test/peers/go/go.mod from the Go module proxy" >&2
  exit 1
fi
go build -trimpath -o "$out/" ./cmd/...
echo "$want" > "$out/.stamp"
echo "go: built $(cd "$out" && ls | tr '\n' ' ')"
