#!/usr/bin/env bash
# The JVM peers of older eras (Kafka 2.4.1, 0.10.x, 0.8.2, ZooKeeper…), which cannot share
# one Maven project with Kafka 4.4: every folder test/peers/java-eras/<era>/ holds a pom.xml
# (dependencies only, or sources too), resolved from Maven Central into the shared local
# repository $PEERS_DIR/m2 and written to $PEERS_DIR/java-eras/<era>/classpath.txt (the
# era's own jar first when it has sources, then every runtime dependency). An era whose pom names a
# <sourceDirectory> elsewhere (the older eras share old-src/) is built from
# there, and that folder is part of its stamp.
#
# Idempotent per era: a stamp of the folder's hash skips it, so a warm run needs no network.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
: "${PEERS_DIR:?PEERS_DIR is not set; run scripts/install-peers.sh}"
repo="$PEERS_DIR/m2"
command -v mvn >/dev/null || { echo "java-eras: 'mvn' is not installed; the older JVM peers need Maven 3.8+" >&2; exit 1; }

status=0
for project in "$root"/test/peers/java-eras/*/; do
  [ -f "$project/pom.xml" ] || continue
  era="$(basename "$project")"
  out="$PEERS_DIR/java-eras/$era"
  mkdir -p "$out"
  shared="$(sed -n 's|.*<sourceDirectory>${project.basedir}/\(.*\)</sourceDirectory>.*|\1|p' "$project/pom.xml")"
  hash="$( (cd "$project" && find . ${shared:+"$shared"} -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)"
  holds=yes
  if [ -f "$out/classpath.txt" ]; then
    while IFS= read -r entry; do [ -e "$entry" ] || holds=no; done < <(tr ':' '\n' <"$out/classpath.txt")
  else
    holds=no
  fi
  [ "$holds" = yes ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$hash" ] && continue

  log="$out/mvn.log"
  goals=(dependency:build-classpath)
  { [ -d "$project/src" ] || [ -n "$shared" ]; } && goals=(package dependency:build-classpath)
  if ! mvn -B -f "$project/pom.xml" -Dmaven.repo.local="$repo" -Dpeers.build.dir="$out/build" \
       "${goals[@]}" -Dmdep.outputFile="$out/deps-classpath.txt" -Dmdep.includeScope=runtime >"$log" 2>&1; then
    echo "java-eras: Maven could not resolve test/peers/java-eras/$era; what it could not have:" >&2
    grep -E "Could not (resolve|transfer|find)|Non-resolvable|ERROR\]" "$log" | head -10 >&2 || tail -20 "$log" >&2
    echo "java-eras: full log in $log" >&2
    status=1
    continue
  fi
  jar=""
  { [ -d "$project/src" ] || [ -n "$shared" ]; } && jar="$(ls "$out"/build/*.jar | head -1):"
  printf '%s%s\n' "$jar" "$(cat "$out/deps-classpath.txt")" >"$out/classpath.txt"
  echo "$hash" >"$out/stamp"
  echo "java-eras: $era resolved"
done
exit $status
