#!/bin/sh
# Layer writer vs tar|gzip -1 / tar|zstd on the same data: medians of 3 interleaved runs.
# Usage: engine/bench/bench.sh  (from the repository root, after `mvn -pl engine test-compile`)
set -eu
D=${BENCH_DIR:-/tmp/layer-bench}
mkdir -p "$D"
if [ ! -d "$D/small" ]; then
  mkdir -p "$D/small"
  python3 - "$D/small" <<'PY'
import os, random, sys
root = sys.argv[1]; rnd = random.Random(1)
words = [bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(3, 9))) for _ in range(2000)]
for i in range(20000):
    d = os.path.join(root, "d%03d" % (i % 200))
    os.makedirs(d, exist_ok=True)
    n = rnd.randint(200, 6000)
    body = b" ".join(rnd.choice(words) for _ in range(n // 6))[:n]
    open(os.path.join(d, "f%05d.txt" % i), "wb").write(body)
PY
fi
if [ ! -d "$D/big" ]; then
  mkdir -p "$D/big"
  python3 - "$D/big/blob" <<'PY'
import os, random, sys
rnd = random.Random(2)
with open(sys.argv[1], "wb") as f:
    for _ in range(256):
        # half random, half repetitive: about 2:1 compressible, like binaries
        f.write(os.urandom(512 * 1024)); f.write(bytes(rnd.choice(b"abcd") for _ in range(1024)) * 512)
PY
fi
CP=engine/target/classes:$(cat /tmp/layer-bench.cp)
javac -d /tmp/layer-bench-classes -cp "$CP" engine/bench/LayerWriterBench.java
# each result line: "wall cpu"; medians taken per column
med() { sort -n -k"$1" | sed -n 2p | cut -d' ' -f"$1"; }
sh_time() { /usr/bin/time -f "%e %U %S" sh -c "$1" 2>&1 >/dev/null | awk '{printf "%.2f %.2f\n", $1, $2 + $3}'; }
for data in ${BENCH_SETS:-small big}; do
  rm -f "$D/$data".r-*
  for i in 1 2 3; do
    (cd "$D/$data" && sh_time 'tar -cf - . | gzip -1 | sha256sum') >>"$D/$data.r-tgz"
    java -cp "/tmp/layer-bench-classes:$CP" LayerWriterBench "$D/$data" gzip 2 >>"$D/$data.r-jgz"
    (cd "$D/$data" && sh_time 'tar -cf - . | zstd -q -3 -T0 | sha256sum') >>"$D/$data.r-tzst"
    java -cp "/tmp/layer-bench-classes:$CP" LayerWriterBench "$D/$data" zstd 2 >>"$D/$data.r-jzst"
  done
  for r in tgz jgz tzst jzst; do
    echo "$data $r wall $(med 1 <"$D/$data.r-$r")s cpu $(med 2 <"$D/$data.r-$r")s"
  done
done
