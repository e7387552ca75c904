#!/bin/sh
# A RUN's layer from an overlay upper dir vs tar|gzip -1 on it (see SnapshotDiffBench). Needs root.
# Usage: engine/bench/snapshot-bench.sh  (from the repository root, after `mvn -pl engine compile`
# and `mvn -pl engine dependency:build-classpath -Dmdep.outputFile=/tmp/layer-bench.cp`)
set -eu
D=${BENCH_DIR:-/var/tmp/snapshot-bench}
rm -rf "$D"
CP=engine/target/classes:$(cat /tmp/layer-bench.cp)
javac -d /tmp/snapshot-bench-classes -cp "$CP" engine/bench/SnapshotDiffBench.java
java -cp "/tmp/snapshot-bench-classes:$CP" SnapshotDiffBench "$D"
rm -rf "$D"
