#!/usr/bin/env bash
# Registry transfer benchmark: multiarch-build `image copy` against `skopeo copy`, same registry, same
# data, interleaved runs (ours, skopeo, ours, skopeo, ...), medians and the ours/skopeo ratio.
#
# Cases: push and pull of (a) one 256 MiB random layer, (b) 2,000 layers of 2 KiB random data.
# Every run uses a new repository, so no blob is already linked in it; skopeo's blob-info cache is
# removed before each skopeo run so that it cannot mount blobs from earlier runs either (we do not
# mount when the source is a layout). Pulls go into a fresh layout directory.
# Ours runs through the launcher, as users run it (its JVM choice and class archive); one unmeasured
# push and pull per case first, so the archive exists (the first `image` run records it) before timing.
#
# Usage: bench/registry-bench.sh            (needs engine/target/multiarch-build.jar: mvn -pl engine package)
# Env:   MAB (<repo>/bin/multiarch-build), REGISTRY (127.0.0.1:5000), ROUNDS (3), BENCH_CACHE (generated
#        layouts, kept between runs), CASES ("big small"), JAVA_OPTS (extra JVM flags for ours)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
MAB=${MAB:-$here/../bin/multiarch-build}
REGISTRY=${REGISTRY:-127.0.0.1:5000}
ROUNDS=${ROUNDS:-3}
BENCH_CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/multiarch-registry-bench}
CASES=${CASES:-big small}
JAVA_OPTS=${JAVA_OPTS:-}
SKOPEO_CACHE=/var/lib/containers/cache/blob-info-cache-v1.boltdb

[ -x "$MAB" ] || { echo "error: $MAB not found or not executable" >&2; exit 1; }
"$MAB" --version >/dev/null # the launcher says how to build a missing jar
command -v skopeo >/dev/null || { echo "error: skopeo not found" >&2; exit 1; }
mkdir -p "$BENCH_CACHE"
work=$(mktemp -d "${TMPDIR:-/tmp}/registry-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---- data: OCI layouts generated once --------------------------------------------------------
make_layout() { # dir layers size-bytes
  local dir=$1 layers=$2 size=$3
  [ -f "$dir/index.json" ] && return 0
  echo "generating $dir ($layers layer(s) of $size bytes)..." >&2
  rm -rf "$dir.tmp"
  python3 - "$dir.tmp" "$layers" "$size" <<'PY'
import hashlib, io, json, os, sys, tarfile
out, layers, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
blobs = os.path.join(out, "blobs", "sha256"); os.makedirs(blobs)
def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f: f.write(data)
    return d
descs, diffs = [], []
for i in range(layers):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        info = tarfile.TarInfo("data/%06d.bin" % i); info.size = size; info.mtime = 0
        t.addfile(info, io.BytesIO(os.urandom(size)))
    data = buf.getvalue()
    d = put(data)
    diffs.append("sha256:" + d)
    descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + d, "size": len(data)})
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "rootfs": {"type": "layers", "diff_ids": diffs}}, separators=(",", ":")).encode()
c = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + c, "size": len(config)},
    "layers": descs}, separators=(",", ":")).encode()
m = put(manifest)
with open(os.path.join(out, "oci-layout"), "w") as f: f.write('{"imageLayoutVersion":"1.0.0"}')
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
               "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + m,
                              "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": "v1"}}]}, f)
PY
  mv "$dir.tmp" "$dir"
}

declare -A LAYERS=([big]=1 [small]=2000)
declare -A SIZE=([big]=$((256 * 1024 * 1024)) [small]=2048)
for c in $CASES; do make_layout "$BENCH_CACHE/$c" "${LAYERS[$c]}" "${SIZE[$c]}"; done

# ---- runners ---------------------------------------------------------------------------------
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
run_id=$(date +%s)-$$
ours() { MULTIARCH_BUILD_JAVA_OPTS=$JAVA_OPTS "$MAB" image copy "$@" >/dev/null; }
theirs() { rm -f "$SKOPEO_CACHE"; skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "$@" >/dev/null; }

declare -A T
timeit() { # key tool args...
  local key=$1 tool=$2; shift 2
  local s e; s=$(now); "$tool" "$@"; e=$(now)
  T[$key]="${T[$key]:-} $(elapsed "$s" "$e")"
  printf '  %-22s %8.2fs\n' "$key" "$(elapsed "$s" "$e")" >&2
}

echo "$(date -u '+%F %T') UTC, load:$(uptime | sed 's/.*load average://'), ROUNDS=$ROUNDS" >&2
for c in $CASES; do
  echo "warm-up, $c (not measured)" >&2
  ours "oci:$BENCH_CACHE/$c:v1" "docker://$REGISTRY/bench/$c-warmup-$run_id:1"
  ours "docker://$REGISTRY/bench/$c-warmup-$run_id:1" "oci:$work/$c-warmup:v1"
  rm -rf "$work/$c-warmup"
done

for c in $CASES; do
  src="oci:$BENCH_CACHE/$c:v1"
  for r in $(seq 1 "$ROUNDS"); do
    echo "round $r, $c" >&2
    ours_repo="$REGISTRY/bench/$c-ours-$run_id-$r"
    skopeo_repo="$REGISTRY/bench/$c-skopeo-$run_id-$r"
    timeit "$c push ours" ours "$src" "docker://$ours_repo:1"
    timeit "$c push skopeo" theirs "$src" "docker://$skopeo_repo:1"
    # pulls read the repositories just pushed (each tool pulls from the other tool's push)
    timeit "$c pull ours" ours "docker://$skopeo_repo:1" "oci:$work/$c-ours-$r:v1"
    timeit "$c pull skopeo" theirs "docker://$ours_repo:1" "oci:$work/$c-skopeo-$r:v1"
    rm -rf "$work/$c-ours-$r" "$work/$c-skopeo-$r"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo
printf '%-12s %12s %12s %8s\n' case ours-median skopeo-median ratio
for c in $CASES; do
  for op in push pull; do
    o=$(echo "${T[$c $op ours]}" | median)
    s=$(echo "${T[$c $op skopeo]}" | median)
    printf '%-12s %11.2fs %11.2fs %7.2fx\n' "$c $op" "$o" "$s" "$(echo "$o / $s" | bc -l)"
  done
done
