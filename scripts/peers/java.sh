#!/usr/bin/env bash
# The JVM peers: kafka-clients, kafka-streams, kafka_2.13 (the broker) and kafka-tools
# 4.4.0 from Maven Central into the local repository $PEERS_DIR/m2, and test/peers/java
# built into $PEERS_DIR/java: peers.jar and classpath.txt (the jar, then every runtime
# dependency), so a test runs `java -cp "$(cat classpath.txt)" <main class>`.
#
# Idempotent: the build is stamped with the hash of the pom and the sources. A matching
# stamp means nothing to do (no Maven, no network); a stamp of the same pom but other
# sources rebuilds offline (mvn -o); anything else resolves from the registry.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
PEERS_DIR="${PEERS_DIR:-$root/.peers}"
project="$root/test/peers/java"
out="$PEERS_DIR/java"
repo="$PEERS_DIR/m2"
mkdir -p "$out" "$repo"

for tool in java mvn sha256sum; do
  command -v "$tool" >/dev/null || { echo "peers/java: '$tool' is not installed; the JVM peers need a JDK 17+ and Maven 3.8+" >&2; exit 1; }
done

pom_hash="$(sha256sum "$project/pom.xml" | cut -c1-16)"
src_hash="$( (cd "$project" && find pom.xml src -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)"

# The classpath names absolute paths; a cache reached through another path (a moved checkout, a
# link) makes them stale, so every entry must still exist for the build to count as done.
classpath_holds() {
  [ -f "$out/classpath.txt" ] || return 1
  local entry
  while IFS= read -r entry; do [ -e "$entry" ] || return 1; done < <(tr ':' '\n' <"$out/classpath.txt")
}

if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$src_hash" ] && classpath_holds; then
  exit 0
fi

offline=()
[ -f "$out/deps-stamp" ] && [ "$(cat "$out/deps-stamp")" = "$pom_hash" ] && offline=(-o)

log="$out/mvn.log"
# The build writes to its own folder under the cache, never into the source tree.
if ! mvn -B "${offline[@]}" -f "$project/pom.xml" -Dmaven.repo.local="$repo" -Dpeers.build.dir="$out/build" \
     package dependency:build-classpath -Dmdep.outputFile="$out/deps-classpath.txt" -Dmdep.includeScope=runtime >"$log" 2>&1; then
  echo "peers/java: Maven could not build test/peers/java; what it could not have:" >&2
  grep -E "Could not (resolve|transfer|find)|Non-resolvable|ERROR\]" "$log" | head -20 >&2 || tail -30 "$log" >&2
  echo "peers/java: full log in $log" >&2
  exit 1
fi
echo "$pom_hash" >"$out/deps-stamp"
cp "$out/build/streamdash-java-peers.jar" "$out/peers.jar"
printf '%s:%s\n' "$out/peers.jar" "$(cat "$out/deps-classpath.txt")" >"$out/classpath.txt"
echo "$src_hash" >"$out/stamp"
