#!/usr/bin/env bash
# build-bench.sh — multiarch-build's `build` vs Docker Engine 20.10's embedded BuildKit, side by side.
#
# WHAT IT MEASURES
#   Six workloads, generated into a temp dir, each built by both builders INTERLEAVED
#   (ours, BuildKit, ours, BuildKit, ... ROUNDS pairs) after one unmeasured warm-up pair, so load
#   drift on the machine hits both sides alike. All images are FROM $BASE (default
#   127.0.0.1:5000/test/busybox:1, linux/amd64 + linux/arm64 busybox).
#     W1  cold: four independent CPU-bound stages (each RUN sha256sums ~512 MiB of generated data
#         with busybox, ~3-5 s of CPU) joined by COPY --from in a final stage      (--no-cache)
#     W2  cold: COPY of 20,000 small files (1-4 KiB random, ~50 MiB)              (--no-cache)
#     W3  cold: COPY of one 256 MiB file (random, i.e. incompressible like an artifact) (--no-cache)
#     W4  warm: rebuild of W2 after changing one of its files; each side's cache primed by its
#         previous build (no --no-cache)
#     W5  cold: an arm64 RUN under qemu (--platform linux/arm64, busybox sha256 loop) (--no-cache)
#     W6  warm: fully cached rebuild of W1, nothing changed (no --no-cache)
#     W7  shared cache: W1 on a FRESH builder that imports a registry cache exported by an earlier
#         build (the warm-up round seeds it). Ours: a new --cache-dir every round, --cache-from
#         type=registry,ref=<cache> (seeded with --cache-to ...,mode=max). BuildKit: a new private
#         dockerd (own --data-root, so an empty build cache) every round, docker build --cache-from
#         <image seeded with BUILDKIT_INLINE_CACHE=1> --build-arg BUILDKIT_INLINE_CACHE=1, + push.
#     W8  shared cache: the same for W2 (COPY of 20,000 files; fixed content).
#     For W7/W8 the table adds what each side downloaded: ours = the "fetched N blobs, B bytes" of its
#     lazy cache import (0 when every layer was mounted registry-side); BuildKit = the size of the
#     private daemon's content store + image layers after the build (what it pulled to finish).
#
# WHAT "A BUILD" IS ON EACH SIDE (the export choice)
#   Both sides end with the image pushed to the local registry $REGISTRY, gzip-compressed:
#     ours:     multiarch-build build --platform P [--no-cache] --cache-dir C -t REF --push CTX
#     BuildKit: DOCKER_BUILDKIT=1 docker build --platform P [--no-cache] -t REF CTX && docker push REF
#   The wall time of a BuildKit run is build + push together (reported separately in the raw log).
#   Why push and not a tar: with the docker driver Docker 20.10's BuildKit cannot write an OCI/docker
#   image tar (`--output type=oci` is refused; only type=local and type=tar work, and those are the
#   bare root file system, no layers, no compression), so a file export would compare different work.
#   Pushing is the one result both can produce: layers tarred, compressed, hashed and uploaded. The
#   BuildKit side additionally unpacks into dockerd's image store — inherent to how Docker runs it.
#   To keep cold runs cold, every measured cold run gets fresh content (a NONCE build arg in RUNs,
#   a nonce file in W2's context, a rewritten first block of W3's file), so no side can skip an
#   upload because an identical blob is already in the registry.
#
# USAGE
#   bench/build-bench.sh                        all workloads, both sides, ROUNDS=3
#   ROUNDS=5 WORKLOADS="W2 W3" bench/build-bench.sh
#   SIDES=buildkit bench/build-bench.sh         BuildKit only (dry run without our build command)
#   WORKLOADS="W7 W8" bench/build-bench.sh       the shared-cache workloads only
#   Environment: ROUNDS (3), WORKLOADS ("W1 W2 W3 W4 W5 W6 W7 W8"), SIDES ("ours buildkit"),
#     REGISTRY (127.0.0.1:5000), BASE ($REGISTRY/test/busybox:1), DOCKER (/usr/bin/docker — not
#     /usr/local/bin/docker), MAB (<repo>/bin/multiarch-build; build the jar first:
#     mvn -B -q package -DskipTests), MAB_JAVA_OPTS (extra JVM flags for ours, e.g. JFR),
#     KEEP=1 keep the temp dir (contexts, logs, our cache dir) and print its path.
#   Needs root (docker socket, runc), jq, perl, curl; qemu binfmt for W5.
#
# WHAT IT PRINTS
#   Progress lines on stderr; then on stdout one table: per workload the median wall time of each
#   side, ours/BuildKit (the median of the per-pair ratios; < 1 means ours is faster), and the median
#   bytes pushed per side: "new blob bytes" = compressed size of the blobs in the pushed manifest that
#   were not already in that repository (the base image's and the previous round's blobs), i.e. what a
#   non-redundant client must upload. Then the raw per-round seconds. Header lines give the date,
#   `uptime` load and ROUNDS. Per-run logs (--progress=plain) are in the temp dir (KEEP=1).
#
# CLEANUP
#   Removes its temp dir, the docker tags it created (only REGISTRY/bench/*:<run id>-*), and the
#   manifests it pushed (registry DELETE; blob space returns on the registry's next garbage-collect).
#   It does not prune BuildKit's build cache (shared with others on this machine).
set -euo pipefail

ROUNDS=${ROUNDS:-3}
WORKLOADS=${WORKLOADS:-"W1 W2 W3 W4 W5 W6 W7 W8"}
SIDES=${SIDES:-"ours buildkit"}
REGISTRY=${REGISTRY:-127.0.0.1:5000}
BASE=${BASE:-$REGISTRY/test/busybox:1}
DOCKER=${DOCKER:-/usr/bin/docker}
HERE=$(cd "$(dirname "$0")/.." && pwd)
MAB=${MAB:-$HERE/bin/multiarch-build}
RUN_ID=$(date +%H%M%S)-$$

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[bench] FAILED: %s\n' "$*" >&2; exit 1; }
has_side() { [[ " $SIDES " == *" $1 "* ]]; }

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$ROUNDS'"
for t in jq perl curl; do command -v "$t" >/dev/null || die "$t is missing"; done
! has_side buildkit || [ -x "$DOCKER" ] || die "$DOCKER is missing (Docker Engine 20.10's client)"
if has_side ours; then
  [ -x "$MAB" ] || die "$MAB is missing"
  "$MAB" build --help >/dev/null 2>&1 || die "$MAB has no working 'build' command (mvn -B -q package -DskipTests?)"
fi

TMP=$(mktemp -d /tmp/build-bench.XXXXXX)
PUSHED=() # repo:tag of everything pushed, for cleanup
cleanup() {
  local ref repo tag digest
  for ref in "${PUSHED[@]}"; do
    "$DOCKER" image rm -f "$ref" >/dev/null 2>&1 || true
    repo=${ref#"$REGISTRY"/}; tag=${repo##*:}; repo=${repo%:*}
    digest=$(curl -sfI -H 'Accept: application/vnd.oci.image.index.v1+json' \
      -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
      "http://$REGISTRY/v2/$repo/manifests/$tag" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}') || true
    [ -n "$digest" ] && curl -sf -X DELETE "http://$REGISTRY/v2/$repo/manifests/$digest" >/dev/null 2>&1 || true
  done
  private_dockerd_stop
  if [ "${KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# workload generation
gen_files() { # dir count: count random files of 1-4 KiB in 100 subdirectories
  perl -e '
    my ($dir, $n) = @ARGV; srand(42);
    open(my $r, "<", "/dev/urandom") or die; binmode $r;
    for my $i (0 .. $n - 1) {
      my $sub = sprintf("%s/d%02d", $dir, $i % 100); mkdir $sub unless -d $sub;
      my $size = 1024 + int(rand(3073)); read($r, my $buf, $size) == $size or die;
      open(my $f, ">", sprintf("%s/f%05d.bin", $sub, $i)) or die; binmode $f; print $f $buf; close $f;
    }' "$1" "$2"
}

cpu_stage() { # name MiB-of-data rounds: a RUN that sha256sums generated data, output kept small
  cat <<EOF
FROM $BASE AS $1
ARG NONCE
RUN dd if=/dev/zero of=/tmp/d bs=1M count=$2 2>/dev/null && echo $1 >>/tmp/d \\
 && i=0 && while [ \$i -lt $3 ]; do sha256sum /tmp/d >>/out; i=\$((i+1)); done \\
 && echo "\$NONCE" >>/out && rm /tmp/d
EOF
}

generate() {
  log "generating workloads in $TMP"
  mkdir -p "$TMP/w1" "$TMP/w2/files" "$TMP/w3" "$TMP/w5" "$TMP/logs"
  { for s in s1 s2 s3 s4; do cpu_stage "$s" 64 8; done
    printf 'FROM %s\n' "$BASE"
    for s in s1 s2 s3 s4; do printf 'COPY --from=%s /out /%s.out\n' "$s" "$s"; done
  } >"$TMP/w1/Dockerfile"
  printf 'FROM %s\nCOPY files/ /data/\n' "$BASE" >"$TMP/w2/Dockerfile"
  if [[ "$WORKLOADS" == *W2* || "$WORKLOADS" == *W4* || "$WORKLOADS" == *W8* ]]; then
    gen_files "$TMP/w2/files" 20000
    cp -a "$TMP/w2" "$TMP/w4" # W4 edits its own copy of W2's context
  fi
  printf 'FROM %s\nCOPY big.bin /big.bin\n' "$BASE" >"$TMP/w3/Dockerfile"
  [[ "$WORKLOADS" != *W3* ]] || head -c $((256 * 1024 * 1024)) /dev/urandom >"$TMP/w3/big.bin"
  cpu_stage arm 16 6 >"$TMP/w5/Dockerfile"
  if [[ "$WORKLOADS" == *W8* ]]; then
    [ -d "$TMP/w2/files/d00" ] || gen_files "$TMP/w2/files" 20000
    mkdir -p "$TMP/w8" && cp -a "$TMP/w2/." "$TMP/w8/" && printf 'w8\n' >"$TMP/w8/files/nonce.txt"
  fi
}

# Fresh content for a cold run (see header): W2 a nonce file, W3 its first 4 KiB rewritten.
freshen() { # workload nonce
  case $1 in
    W2) printf '%s\n' "$2" >"$TMP/w2/files/nonce.txt" ;;
    W3) head -c 4096 /dev/urandom | dd of="$TMP/w3/big.bin" conv=notrunc status=none ;;
    W4) # the one changed file: same size, new random bytes
      local f=$TMP/w4/files/d42/f04242.bin
      head -c "$(stat -c %s "$f")" /dev/urandom >"$f.new" && mv "$f.new" "$f" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# one build per side; prints the wall seconds on stdout, the log goes to $TMP/logs
now() { date +%s.%N; }

build_ours() { # logname ctx platform ref nonce flags...
  local logf=$TMP/logs/$1.log ctx=$2 platform=$3 ref=$4 nonce=$5 t0 t1
  shift 5
  t0=$(now)
  MULTIARCH_BUILD_JAVA_OPTS="${MAB_JAVA_OPTS:-}" "$MAB" build --progress=plain --platform "$platform" \
    --cache-dir "$TMP/ours-cache" --build-arg "NONCE=$nonce" "$@" -t "$ref" --push "$ctx" >"$logf" 2>&1 \
    || { tail -30 "$logf" >&2; die "ours failed: $1 (log $logf)"; }
  t1=$(now)
  echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
}

build_buildkit() { # logname ctx platform ref nonce flags...
  local logf=$TMP/logs/$1.log ctx=$2 platform=$3 ref=$4 nonce=$5 t0 t1 t2
  shift 5
  t0=$(now)
  DOCKER_BUILDKIT=1 "$DOCKER" build --progress=plain --platform "$platform" --build-arg "NONCE=$nonce" \
    "$@" -t "$ref" "$ctx" >"$logf" 2>&1 || { tail -30 "$logf" >&2; die "BuildKit build failed: $1 (log $logf)"; }
  t1=$(now)
  "$DOCKER" push "$ref" >>"$logf" 2>&1 || { tail -30 "$logf" >&2; die "docker push failed: $1 (log $logf)"; }
  t2=$(now)
  echo "$t0 $t1 $t2" | awk '{printf "build %.3f push %.3f\n", $2 - $1, $3 - $2}' >>"$logf"
  echo "$t0 $t2" | awk '{printf "%.3f\n", $2 - $1}'
}

# A fresh BuildKit for W7/W8: a private dockerd with its own data root (empty build cache), no
# network of its own (nothing in these builds needs one). Started before and stopped after a
# measured build, outside the timing.
PRIVATE_DOCKERD=""
private_dockerd_start() { # dir
  local d=$1 i
  mkdir -p "$d"
  setsid /usr/sbin/dockerd --host "unix://$d/docker.sock" --data-root "$d/root" --exec-root "$d/exec" \
    --pidfile "$d/dockerd.pid" --bridge none --iptables=false --ip-masq=false >"$d/dockerd.log" 2>&1 &
  PRIVATE_DOCKERD=$d
  for i in $(seq 1 120); do
    DOCKER_HOST="unix://$d/docker.sock" "$DOCKER" version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "private dockerd in $d did not start: $(tail -5 "$d/dockerd.log")"
}
private_dockerd_stop() {
  local d=$PRIVATE_DOCKERD pid i
  [ -n "$d" ] || return 0
  pid=$(cat "$d/dockerd.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$d" 2>/dev/null || true
  PRIVATE_DOCKERD=""
}

# ---------------------------------------------------------------------------------------------
# bytes pushed: blobs of the pushed image that were not in the repository before this run
ACCEPT=(-H 'Accept: application/vnd.oci.image.index.v1+json'
  -H 'Accept: application/vnd.oci.image.manifest.v1+json'
  -H 'Accept: application/vnd.docker.distribution.manifest.v2+json'
  -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json')

blobs_of() { # repo tag platform-arch: "digest size" lines of config + layers (index → that arch)
  local m
  m=$(curl -sf "${ACCEPT[@]}" "http://$REGISTRY/v2/$1/manifests/$2") || return 0
  if [ "$(jq -r '.manifests // empty | length' <<<"$m")" != "" ]; then
    local d
    d=$(jq -r --arg a "$3" '[.manifests[] | select(.platform.architecture == $a)][0].digest' <<<"$m")
    m=$(curl -sf "${ACCEPT[@]}" "http://$REGISTRY/v2/$1/manifests/$d") || return 0
  fi
  jq -r '(.config, .layers[]) | "\(.digest) \(.size)"' <<<"$m"
}

new_bytes() { # repo tag arch previous-tag: sum of sizes of blobs not in base nor the previous tag
  local base_repo=${BASE#"$REGISTRY"/}
  { blobs_of "${base_repo%:*}" "${base_repo##*:}" "$3" | sed 's/^/old /'
    [ -n "$4" ] && blobs_of "$1" "$4" "$3" | sed 's/^/old /'
    blobs_of "$1" "$2" "$3" | sed 's/^/new /'
  } | awk '$1 == "old" { seen[$2] = 1; next } !seen[$2] { seen[$2] = 1; sum += $3 } END { print sum + 0 }'
}

# ---------------------------------------------------------------------------------------------
# statistics
median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) { print "-"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A TIMES BYTES SPLIT FETCHED # [W,side] → space-separated per round
declare -A DESC=(
  [W1]="4 CPU stages + COPY --from (cold)" [W2]="COPY 20,000 small files (cold)"
  [W3]="COPY one 256 MiB file (cold)" [W4]="W2 rebuild, 1 file changed (warm)"
  [W5]="arm64 RUN under qemu (cold)" [W6]="W1 rebuild, fully cached (warm)"
  [W7]="W1, fresh builder, registry cache" [W8]="W2, fresh builder, registry cache")

run_workload() { # W
  local w=$1 ctx platform=linux/amd64 arch=amd64 flags=() fixed_nonce="" r side nonce ref prev t
  case $w in
    W1) ctx=$TMP/w1; flags=(--no-cache) ;;
    W2) ctx=$TMP/w2; flags=(--no-cache) ;;
    W3) ctx=$TMP/w3; flags=(--no-cache) ;;
    W4) ctx=$TMP/w4; fixed_nonce=w4 ;;
    W5) ctx=$TMP/w5; flags=(--no-cache); platform=linux/arm64; arch=arm64 ;;
    W6) ctx=$TMP/w1; fixed_nonce=w6 ;;
    W7) ctx=$TMP/w1; fixed_nonce=w7 ;;
    W8) ctx=$TMP/w8; fixed_nonce=w8 ;;
    *) die "unknown workload $w" ;;
  esac
  local shared=0 cache_ref=$REGISTRY/bench/${w,,}-cache:$RUN_ID seed_ref=$REGISTRY/bench/${w,,}-buildkit:$RUN_ID-r0
  if [[ $w == W7 || $w == W8 ]]; then shared=1; PUSHED+=("$cache_ref"); fi
  declare -A last=()
  for r in 0 $(seq 1 "$ROUNDS"); do # round 0: the unmeasured warm-up (primes caches, page cache, JIT-free)
    # W4: the change happens before the pair, so both sides see one changed file since their last build
    [ "$w" = W4 ] && [ "$r" -gt 0 ] && freshen W4 x
    for side in $SIDES; do
      nonce=${fixed_nonce:-$RUN_ID-$w-$side-$r}
      [ -z "$fixed_nonce" ] && freshen "$w" "$nonce"
      ref=$REGISTRY/bench/${w,,}-$side:$RUN_ID-r$r
      PUSHED+=("$ref")
      if [ "$shared" = 1 ]; then
        t=$(shared_cache_build "$w" "$side" "$r" "$ctx" "$platform" "$ref" "$nonce" "$cache_ref" "$seed_ref")
        [[ "$t" =~ ^[0-9] ]] || die "$w $side round $r failed (logs in $TMP/logs)"
      else
        t=$("build_$side" "$w-$side-r$r" "$ctx" "$platform" "$ref" "$nonce" ${flags[@]+"${flags[@]}"})
      fi
      if [ "$shared" = 1 ] && [ "$r" -gt 0 ]; then
        FETCHED[$w,$side]+="$(cat "$TMP/logs/$w-$side-r$r.fetched") "
      fi
      if [ "$r" -gt 0 ]; then
        TIMES[$w,$side]+="$t "
        prev=${last[$side]:-}
        BYTES[$w,$side]+="$(new_bytes "bench/${w,,}-$side" "$RUN_ID-r$r" "$arch" "$prev") "
        if [ "$side" = buildkit ]; then
          SPLIT[$w]+="$(tail -1 "$TMP/logs/$w-$side-r$r.log" | awk '{ printf "%.1f+%.1f", $2, $4 }') "
        fi
      fi
      last[$side]=$RUN_ID-r$r
      log "$w ${side} round $r: ${t}s"
    done
  done
}

# W7/W8: round 0 seeds the shared cache; later rounds build on a fresh builder importing it.
shared_cache_build() { # W side round ctx platform ref nonce cache-ref seed-ref
  local w=$1 side=$2 r=$3 ctx=$4 platform=$5 ref=$6 nonce=$7 cache_ref=$8 seed_ref=$9 name=$1-$2-r$3 t
  if [ "$side" = ours ]; then
    if [ "$r" = 0 ]; then
      t=$(build_ours "$name" "$ctx" "$platform" "$ref" "$nonce" --cache-to "type=registry,ref=$cache_ref,mode=max")
    else
      # build_ours uses $TMP/ours-cache: point it at a new, empty cache dir for this round
      t=$(build_ours_fresh "$name" "$ctx" "$platform" "$ref" "$nonce" "$TMP/ours-fresh-$name" \
        --cache-from "type=registry,ref=$cache_ref")
    fi
    { grep -o 'fetched [0-9]* blobs, [0-9]* bytes' "$TMP/logs/$name.log" || echo 'fetched 0 blobs, 0 bytes'; } \
      | tail -1 | awk '{ print $4 }' >"$TMP/logs/$name.fetched"
  else
    # Every BuildKit run of W7/W8 is on a private dockerd, the seed too: the shared one's build cache
    # would otherwise already hold the results (and other users of this machine share it). The
    # private daemon has no bridge, so its RUNs use --network host (same flag in seed and rounds).
    private_dockerd_start "$TMP/bk-$name"
    if [ "$r" = 0 ]; then
      t=$(DOCKER_HOST="unix://$TMP/bk-$name/docker.sock" build_buildkit "$name" "$ctx" "$platform" "$seed_ref" "$nonce" \
        --network host --build-arg BUILDKIT_INLINE_CACHE=1)
      echo 0 >"$TMP/logs/$name.fetched"
      private_dockerd_stop
    else
      t=$(DOCKER_HOST="unix://$TMP/bk-$name/docker.sock" build_buildkit "$name" "$ctx" "$platform" "$ref" "$nonce" \
        --cache-from "$seed_ref" --network host --build-arg BUILDKIT_INLINE_CACHE=1)
      du -sb "$TMP/bk-$name/root/overlay2" "$TMP/bk-$name/root/buildkit/content" 2>/dev/null \
        | awk '{ s += $1 } END { print s + 0 }' >"$TMP/logs/$name.fetched"
      private_dockerd_stop
    fi
  fi
  echo "$t"
}

build_ours_fresh() { # logname ctx platform ref nonce cache-dir flags...: build_ours with its own cache dir
  local logf=$TMP/logs/$1.log ctx=$2 platform=$3 ref=$4 nonce=$5 dir=$6 t0 t1
  shift 6
  t0=$(now)
  MULTIARCH_BUILD_JAVA_OPTS="${MAB_JAVA_OPTS:-}" "$MAB" build --progress=plain --platform "$platform" \
    --cache-dir "$dir" --build-arg "NONCE=$nonce" "$@" -t "$ref" --push "$ctx" >"$logf" 2>&1 \
    || { tail -30 "$logf" >&2; die "ours failed: $1 (log $logf)"; }
  t1=$(now)
  rm -rf "$dir"
  echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
}

# ---------------------------------------------------------------------------------------------
log "run $RUN_ID: ROUNDS=$ROUNDS WORKLOADS=\"$WORKLOADS\" SIDES=\"$SIDES\""
START_DATE=$(date '+%F %T %Z'); START_UPTIME=$(uptime)
# Both sides start with the base image local: dockerd pulls it here (arm64 first, so the tag ends
# up on the host's amd64 image); ours fetches it into its cache dir in each workload's warm-up round.
# W7/W8 use private daemons only; SIDES=ours needs no Docker Engine at all
if has_side buildkit && [[ "$WORKLOADS" == *W[1-6]* ]]; then
  "$DOCKER" pull -q --platform linux/arm64 "$BASE" >/dev/null
  "$DOCKER" pull -q --platform linux/amd64 "$BASE" >/dev/null
fi
generate
for w in $WORKLOADS; do run_workload "$w"; done

secs() { awk '{ if ($1 == "-") print "-"; else printf "%.1f\n", $1 }'; }
fmt_bytes() { awk -v b="$1" 'BEGIN { if (b == "-") print "-"; else if (b >= 1048576) printf "%.1f MiB", b / 1048576;
  else if (b >= 1024) printf "%.1f KiB", b / 1024; else printf "%d B", b }'; }

{
  echo "build-bench run $RUN_ID — started $START_DATE, finished $(date '+%T')"
  echo "load at start: $START_UPTIME"
  echo "load at end:   $(uptime)"
  echo "ROUNDS=$ROUNDS (interleaved, after 1 warm-up pair); BuildKit = DOCKER_BUILDKIT=1 $DOCKER build + docker push ($("$DOCKER" version -f '{{.Server.Version}}' 2>/dev/null || echo "not measured")); ours = $MAB build --push"
  echo
  printf '%-3s %-36s %10s %10s %9s %14s %14s\n' "" workload "ours s" "BuildKit s" "ours/BK" "pushed ours" "pushed BK"
  for w in $WORKLOADS; do
    mo=$(median <<<"${TIMES[$w,ours]:-}" | secs); mb=$(median <<<"${TIMES[$w,buildkit]:-}" | secs)
    ratio=-
    if has_side ours && has_side buildkit; then
      ratio=$(paste -d' ' <(tr ' ' '\n' <<<"${TIMES[$w,ours]}" | awk 'NF') \
        <(tr ' ' '\n' <<<"${TIMES[$w,buildkit]}" | awk 'NF') | awk '{ printf "%s ", $1 / $2 }' | median)
      ratio=$(printf '%.2f' "$ratio")
    fi
    printf '%-3s %-36s %10s %10s %9s %14s %14s\n' "$w" "${DESC[$w]}" "$mo" "$mb" "$ratio" \
      "$(fmt_bytes "$(median <<<"${BYTES[$w,ours]:-}")")" "$(fmt_bytes "$(median <<<"${BYTES[$w,buildkit]:-}")")"
  done
  echo
  echo "raw seconds per round (bytes = new blob bytes pushed):"
  for w in $WORKLOADS; do
    for side in $SIDES; do
      printf '  %s %-8s %s | %s\n' "$w" "$side" "${TIMES[$w,$side]:-}" "${BYTES[$w,$side]:-}"
    done
    [ -z "${SPLIT[$w]:-}" ] || printf '  %s buildkit build+push s: %s\n' "$w" "${SPLIT[$w]}"
    for side in $SIDES; do
      [ -z "${FETCHED[$w,$side]:-}" ] || printf '  %s %-8s bytes downloaded per round: %s (median %s)\n' "$w" "$side" \
        "${FETCHED[$w,$side]}" "$(fmt_bytes "$(median <<<"${FETCHED[$w,$side]}")")"
    done
  done
}
