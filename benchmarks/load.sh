#!/usr/bin/env bash
# The load harness in one command, from any directory:
#   benchmarks/load.sh [LoadMain options]        (benchmarks/load.sh --help lists them)
# Builds benchmarks.jar when it is missing, then runs com.endcap.benchmarks.load.LoadMain from the
# repository root, so its defaults (benchmarks/target/load, benchmarks/target/load-data) land here.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
jar=benchmarks/target/benchmarks.jar
if [[ ! -f "$jar" ]]; then
    echo "load.sh: building: mvn -B -q install -DskipTests -pl benchmarks -am" >&2
    mvn -B -q install -DskipTests -pl benchmarks -am >&2
fi
# The generator's JVM: a small pinned heap; the server's JVM gets the project's flags from LoadMain.
exec java -Xms1g -Xmx1g -cp "$jar" com.endcap.benchmarks.load.LoadMain "$@"
