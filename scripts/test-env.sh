#!/usr/bin/env bash
# Installs and starts the real components the integration tests (*IT) and CI run against:
#   - packages: runc, qemu-user-static + binfmt-support, docker.io (Docker Engine 20.10),
#     docker-registry (distribution), skopeo, umoci, htpasswd, iptables, openssh, curl, jq
#   - binfmt_misc with qemu-aarch64 / qemu-arm registered with the F (fix-binary) flag
#   - registry 127.0.0.1:5000 (plain, delete enabled) and 127.0.0.1:5001 (htpasswd auth,
#     testuser / testpassword)
#   - dockerd on /var/run/docker.sock
#   - the base image 127.0.0.1:5000/test/busybox:1 (and 127.0.0.1:5001/test/busybox:1): an OCI
#     index for linux/amd64 and linux/arm64/v8, assembled from Debian's busybox-static package
#
# Usage (as root, Debian 12; works without systemd):
#   scripts/test-env.sh          install what is missing, start what is not running (idempotent)
#   scripts/test-env.sh stop     stop the daemons this script started (registries, dockerd)
#   scripts/test-env.sh status   print what is running
#
# State (configs, logs, pid files, registry storage, cached .debs and the assembled image) lives in
# $MULTIARCH_TEST_STATE, default /var/lib/multiarch-build-test. Docker keeps its default data root.
set -euo pipefail

STATE=${MULTIARCH_TEST_STATE:-/var/lib/multiarch-build-test}
PLAIN_ADDR=127.0.0.1:5000
AUTH_ADDR=127.0.0.1:5001
AUTH_USER=testuser
AUTH_PASSWORD=testpassword
IMAGE_REPO=test/busybox
IMAGE_TAG=1
# Debian's docker.io client. /usr/local/bin/docker may be an unrelated client that shadows it.
DOCKER=/usr/bin/docker
DOCKER_SOCK=/var/run/docker.sock

PACKAGES=(runc qemu-user-static binfmt-support docker.io docker-registry skopeo umoci apache2-utils
  iptables openssh-server openssh-client curl jq ca-certificates tar gzip util-linux
  zstd attr python3  # zstd, setfattr and python3 (os.getxattr) check layers in the oci tests
  git)  # ADD of Git repositories runs the git CLI; the tests serve a bare repo with git daemon

log() { printf '[test-env] %s\n' "$*"; }
die() { printf '[test-env] FAILED: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# daemon bookkeeping: a pid file per daemon; a daemon counts as ours only while its pid is alive
# and still runs the expected binary (pids get reused).
pid_alive() { # pidfile binary-substring
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

start_detached() { # pidfile logfile command...
  local pidfile=$1 logfile=$2
  shift 2
  # setsid: a new session, so the daemon survives the caller (a terminal, mvn, CI step).
  # 9>&-: the daemon must not inherit this script's lock, or every later call waits for it forever.
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$pidfile"
}

stop_pidfile() { # name pidfile binary-substring
  local name=$1 pidfile=$2 pid
  if pid_alive "$pidfile" "$3"; then
    pid=$(cat "$pidfile")
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      [ -d "/proc/$pid" ] || break
      sleep 0.2
    done
    if [ -d "/proc/$pid" ]; then
      log "$name did not stop in 20s; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  else
    log "$name: not running (started by this script)"
  fi
  rm -f "$pidfile"
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }

wait_http() { # url expected-code: polls for up to 20s
  local url=$1 want=$2 code=
  for _ in $(seq 1 100); do
    code=$(http_code "$url")
    [ "$code" = "$want" ] && return 0
    sleep 0.2
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "packages: all present"
    return
  fi
  log "packages: installing ${missing[*]}"
  # Without systemd, package scripts would try to start docker/ssh/registry through init scripts;
  # this script starts them itself with its own configuration, so forbid that during the install.
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  } || rc=$?
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || die "packages: apt-get install ${missing[*]} exited $rc"
}

# ---------------------------------------------------------------------------------------------
binfmt_ok() { # name: registered, enabled, with the F flag
  local f=/proc/sys/fs/binfmt_misc/$1
  [ -f "$f" ] && head -n1 "$f" | grep -qx enabled && grep -q '^flags:.*F' "$f"
}

setup_binfmt() {
  local bm=/proc/sys/fs/binfmt_misc name
  [ -d "$bm" ] || die "binfmt: $bm does not exist (is /proc mounted? is binfmt_misc in the kernel?)"
  if ! mountpoint -q "$bm"; then
    mount -t binfmt_misc binfmt_misc "$bm" || die "binfmt: cannot mount binfmt_misc on $bm"
  fi
  for name in qemu-aarch64 qemu-arm; do
    binfmt_ok "$name" && continue
    if [ -f "$bm/$name" ]; then
      # Registered without the F flag (or disabled): the F flag is what lets the kernel run the
      # interpreter inside a container whose root has no qemu, so replace the entry.
      echo -1 >"$bm/$name" || die "binfmt: cannot remove the old $name registration"
    fi
    # Debian's format file (/usr/share/binfmts/<name>) says fix_binary yes; binfmt-support's
    # postinst imports it but cannot enable it while binfmt_misc is unmounted (no systemd).
    [ -f "/var/lib/binfmts/$name" ] || update-binfmts --import "$name" >/dev/null 2>&1 || true
    update-binfmts --enable "$name" >/dev/null 2>&1 || true
    if ! binfmt_ok "$name"; then
      [ -f "$bm/$name" ] && echo -1 >"$bm/$name"
      # Fallback: register directly from Debian's format file.
      local fmt=/usr/share/binfmts/$name magic mask interp
      [ -f "$fmt" ] || die "binfmt: $fmt missing (qemu-user-static not installed?)"
      magic=$(sed -n 's/^magic //p' "$fmt")
      mask=$(sed -n 's/^mask //p' "$fmt")
      interp=$(sed -n 's/^interpreter //p' "$fmt")
      printf ':%s:M:0:%s:%s:%s:FP\n' "$name" "$magic" "$mask" "$interp" >"$bm/register" ||
        die "binfmt: cannot register $name"
    fi
    binfmt_ok "$name" || die "binfmt: $name is not enabled with the F flag ($(tr '\n' ' ' <"$bm/$name" 2>/dev/null))"
  done
  log "binfmt: qemu-aarch64 and qemu-arm enabled (F flag)"
}

# ---------------------------------------------------------------------------------------------
write_registry_config() { # dir addr with-auth
  local dir=$1 addr=$2 auth=$3
  mkdir -p "$dir/data"
  {
    cat <<EOF
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $dir/data
  # tests delete manifests and run garbage-collect
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
  # no blob descriptor cache: a deleted blob must really be gone for the next request
http:
  addr: $addr
  headers:
    X-Content-Type-Options: [nosniff]
EOF
    if [ "$auth" = 1 ]; then
      cat <<EOF
auth:
  htpasswd:
    realm: multiarch-build-test
    path: $dir/htpasswd
EOF
    fi
  } >"$dir/config.yml.new"
  mv "$dir/config.yml.new" "$dir/config.yml"
}

start_registry() { # name dir addr with-auth
  local name=$1 dir=$2 addr=$3 auth=$4 want=200 pidfile=$2/registry.pid
  [ "$auth" = 1 ] && want=401
  mkdir -p "$dir"
  if [ "$auth" = 1 ]; then
    local ok=0
    if [ -f "$dir/htpasswd" ]; then
      htpasswd -vbB "$dir/htpasswd" "$AUTH_USER" "$AUTH_PASSWORD" >/dev/null 2>&1 && ok=1
    fi
    if [ $ok = 0 ]; then
      htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$dir/htpasswd.new" || die "$name: htpasswd failed"
      mv "$dir/htpasswd.new" "$dir/htpasswd"
    fi
  fi
  write_registry_config "$dir" "$addr" "$auth"
  if pid_alive "$pidfile" docker-registry; then
    wait_http "http://$addr/v2/" "$want" ||
      die "$name: running (pid $(cat "$pidfile")) but http://$addr/v2/ does not answer $want; see $dir/registry.log"
    log "$name: running on $addr (pid $(cat "$pidfile"))"
    return
  fi
  local code
  code=$(http_code "http://$addr/v2/")
  if [ "$code" != "000" ]; then
    die "$name: $addr is already taken by a process this script did not start (HTTP $code); stop it or run '$0 stop'"
  fi
  start_detached "$pidfile" "$dir/registry.log" /usr/bin/docker-registry serve "$dir/config.yml"
  wait_http "http://$addr/v2/" "$want" ||
    die "$name: http://$addr/v2/ did not answer $want within 20s; see $dir/registry.log: $(tail -n 5 "$dir/registry.log")"
  log "$name: started on $addr (pid $(cat "$pidfile"))"
}

# ---------------------------------------------------------------------------------------------
docker_ok() { timeout 10 "$DOCKER" -H "unix://$DOCKER_SOCK" info >/dev/null 2>&1; }

start_dockerd() {
  local dir=$STATE/docker pidfile=$STATE/docker/dockerd.pid
  mkdir -p "$dir"
  if docker_ok && [ ! -d /sys/class/net/docker0 ] && pid_alive "$pidfile" dockerd; then
    # Seen on a shared machine: the docker0 bridge was deleted under a running dockerd, which creates
    # it only at start-up; every `docker run` then fails with "could not find bridge docker0".
    log "dockerd: its docker0 bridge is gone, so no container could start; restarting dockerd"
    stop_pidfile dockerd "$pidfile" dockerd
  fi
  if docker_ok; then
    if pid_alive "$pidfile" dockerd; then
      log "dockerd: running (pid $(cat "$pidfile"))"
    else
      log "dockerd: running (not started by this script)"
    fi
    return
  fi
  pid_alive "$pidfile" dockerd &&
    die "dockerd: process $(cat "$pidfile") is alive but $DOCKER_SOCK does not answer; see $dir/dockerd.log"
  local cg
  cg=$(find /sys/fs/cgroup -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  [ "$cg" -gt 0 ] || die "dockerd: /sys/fs/cgroup is empty; mount cgroups first (e.g. mount -t cgroup2 none /sys/fs/cgroup)"
  # Defaults (overlay2, iptables, the docker0 bridge) work here; no flag is needed. dockerd starts
  # its own containerd (debian's containerd package) when none is running.
  local cmd=(/usr/sbin/dockerd --host="unix://$DOCKER_SOCK" --pidfile="$dir/dockerd.dockerpid")
  if ! mountpoint -q /; then
    # In a plain chroot, / is not a mount point, and dockerd's layer extraction fails with
    # "remount /, flags: 0x84000: invalid argument" (it makes / an rslave mount). So give dockerd
    # a mount namespace of its own whose root is a recursive bind mount of this root: the same
    # files, the same socket path, but a root that is a mount point.
    local newroot=$dir/root
    mkdir -p "$newroot"
    log "dockerd: / is not a mount point (a chroot?); starting dockerd in its own mount namespace rooted at a bind mount of /"
    # --propagation unchanged: making / private fails exactly because / is no mount point here; the
    # new root is made private instead, once it is one, so dockerd's own mounts stay in its namespace.
    # shellcheck disable=SC2016 # $0/$@ are expanded by the inner shell
    cmd=(unshare --mount --propagation unchanged sh -c 'mount --rbind / "$0" && mount --make-rprivate "$0" && exec chroot "$0" "$@"' "$newroot" "${cmd[@]}")
  fi
  start_detached "$pidfile" "$dir/dockerd.log" "${cmd[@]}"
  for _ in $(seq 1 150); do
    docker_ok && break
    pid_alive "$pidfile" dockerd || die "dockerd: exited during start-up; see $dir/dockerd.log: $(tail -n 10 "$dir/dockerd.log")"
    sleep 0.4
  done
  docker_ok || die "dockerd: $DOCKER_SOCK not answering after 60s; see $dir/dockerd.log: $(tail -n 10 "$dir/dockerd.log")"
  log "dockerd: started (pid $(cat "$pidfile"), storage driver $("$DOCKER" info -f '{{.Driver}}'))"
}

# ---------------------------------------------------------------------------------------------
# Base image: busybox-static for amd64 and arm64 from Debian, one layer per platform, OCI index.
APT_OPTS=()
fetch_busybox_debs() {
  local dir=$STATE/busybox-debs
  if ls "$dir"/busybox-static_*_amd64.deb >/dev/null 2>&1 && ls "$dir"/busybox-static_*_arm64.deb >/dev/null 2>&1; then
    return
  fi
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  # A private apt state for amd64+arm64 lists: the host's dpkg architecture list stays untouched.
  APT_OPTS=(-q -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o APT::Architecture=amd64
    -o "APT::Architectures::=amd64" -o "APT::Architectures::=arm64" -o APT::Sandbox::User=root)
  log "base image: downloading busybox-static for amd64 and arm64"
  apt-get "${APT_OPTS[@]}" update >"$dir/apt.log" 2>&1 ||
    log "base image: apt-get update reported errors (see $dir/apt.log); trying the download anyway"
  (cd "$dir" && apt-get "${APT_OPTS[@]}" download busybox-static:amd64 busybox-static:arm64 >>apt.log 2>&1) ||
    die "base image: apt-get download busybox-static:amd64 busybox-static:arm64 failed: $(tail -n 5 "$dir/apt.log")"
  # the lists are only needed for the download
  rm -rf "$dir/lists" "$dir/cache"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

add_blob() { # layout file -> prints digest (moves the file into blobs/sha256)
  local d
  d=$(sha "$2")
  mv "$2" "$1/blobs/sha256/$d"
  echo "$d"
}

build_platform() { # layout work arch variant deb applets-file -> prints "digest size" of the manifest
  local layout=$1 work=$2 arch=$3 variant=$4 deb=$5 applets=$6
  local x=$work/x-$arch rootfs=$work/rootfs-$arch
  rm -rf "$x" "$rootfs"
  dpkg-deb -x "$deb" "$x"
  mkdir -p "$rootfs"/{bin,etc,tmp,root,home/app,usr/bin,usr/sbin,sbin}
  cp "$x/bin/busybox" "$rootfs/bin/busybox"
  chmod 755 "$rootfs/bin/busybox"
  local a
  while read -r a; do
    [ -n "$a" ] && [ "$a" != busybox ] && ln -s busybox "$rootfs/bin/$a"
  done <"$applets"
  # scripts often say #!/usr/bin/env
  ln -s ../../bin/busybox "$rootfs/usr/bin/env"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'app:x:1000:1000:app:/home/app:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'app:x:1000:' 'nogroup:x:65534:' >"$rootfs/etc/group"
  chmod 644 "$rootfs/etc/passwd" "$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root"
  chmod 755 "$rootfs/bin" "$rootfs/etc" "$rootfs/home" "$rootfs/usr" "$rootfs/usr/bin" "$rootfs/usr/sbin" "$rootfs/sbin"
  chown 0:0 -R "$rootfs"
  chown 1000:1000 "$rootfs/home/app"
  chmod 755 "$rootfs/home/app"

  # Deterministic layer: sorted names, epoch mtimes, numeric owners from the tree, GNU format
  # (no PAX atime/ctime records), gzip without name/time.
  local tarf=$work/layer-$arch.tar
  (cd "$rootfs" && tar --create --file="$tarf" --format=gnu --sort=name --mtime=@0 --numeric-owner \
    bin etc home root sbin tmp usr)
  local diff_id
  diff_id=$(sha "$tarf")
  gzip -n -9 -c "$tarf" >"$tarf.gz"
  local layer_size layer_digest
  layer_size=$(size "$tarf.gz")
  layer_digest=$(add_blob "$layout" "$tarf.gz")
  rm -f "$tarf"

  local platform
  if [ -n "$variant" ]; then
    platform=$(jq -cn --arg a "$arch" --arg v "$variant" '{architecture:$a,os:"linux",variant:$v}')
  else
    platform=$(jq -cn --arg a "$arch" '{architecture:$a,os:"linux"}')
  fi
  jq -cnj --argjson p "$platform" --arg diff "sha256:$diff_id" '
    $p + {
      created: "1970-01-01T00:00:00Z",
      config: {
        Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        Cmd: ["sh"]
      },
      rootfs: {type: "layers", diff_ids: [$diff]},
      history: [{created: "1970-01-01T00:00:00Z",
                 created_by: "scripts/test-env.sh: busybox-static from Debian"}]
    }' >"$work/config-$arch.json"
  local config_size config_digest
  config_size=$(size "$work/config-$arch.json")
  config_digest=$(add_blob "$layout" "$work/config-$arch.json")

  jq -cnj --arg cd "sha256:$config_digest" --argjson cs "$config_size" \
    --arg ld "sha256:$layer_digest" --argjson ls "$layer_size" '{
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
      layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $ld, size: $ls}]
    }' >"$work/manifest-$arch.json"
  local m_size m_digest
  m_size=$(size "$work/manifest-$arch.json")
  m_digest=$(add_blob "$layout" "$work/manifest-$arch.json")
  jq -cn --arg d "sha256:$m_digest" --argjson s "$m_size" --argjson p "$platform" \
    '{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, platform: $p}'
}

build_base_image() {
  local layout=$STATE/busybox-oci dir=$STATE/busybox-debs
  fetch_busybox_debs
  local debs deb_amd64 deb_arm64 stamp
  debs=("$dir"/busybox-static_*_amd64.deb)
  deb_amd64=${debs[0]}
  debs=("$dir"/busybox-static_*_arm64.deb)
  deb_arm64=${debs[0]}
  # rebuild when the inputs or this script change
  stamp=$(cat "$deb_amd64" "$deb_arm64" "$0" | sha256sum | cut -d' ' -f1)
  if [ -f "$layout/index.json" ] && [ "$(cat "$layout/.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  log "base image: assembling the OCI layout in $layout"
  local work=$STATE/busybox-work new=$STATE/busybox-oci.new
  rm -rf "$work" "$new"
  mkdir -p "$work" "$new/blobs/sha256"
  dpkg-deb -x "$deb_amd64" "$work/list"
  # The applet list comes from the host-architecture binary; both packages are the same build.
  "$work/list/bin/busybox" --list >"$work/applets" || die "base image: busybox --list failed"
  [ -s "$work/applets" ] || die "base image: empty busybox applet list"
  local m_amd64 m_arm64
  m_amd64=$(build_platform "$new" "$work" amd64 "" "$deb_amd64" "$work/applets")
  m_arm64=$(build_platform "$new" "$work" arm64 v8 "$deb_arm64" "$work/applets")
  jq -cnj --argjson a "$m_amd64" --argjson b "$m_arm64" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$a, $b]}' \
    >"$work/index.json"
  local i_size i_digest
  i_size=$(size "$work/index.json")
  i_digest=$(add_blob "$new" "$work/index.json")
  jq -cn --arg d "sha256:$i_digest" --argjson s "$i_size" --arg t "$IMAGE_TAG" '{
      schemaVersion: 2,
      manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
                   annotations: {"org.opencontainers.image.ref.name": $t}}]
    }' >"$new/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$new/oci-layout"
  echo "$i_digest" >"$new/.index-digest"
  echo "$stamp" >"$new/.stamp"
  rm -rf "$layout" "$work"
  mv "$new" "$layout"
}

push_base_image() { # addr [creds]
  local addr=$1 creds=${2:-} want have
  local layout=$STATE/busybox-oci
  want=sha256:$(cat "$layout/.index-digest")
  local cred_args=() dest_creds=()
  if [ -n "$creds" ]; then
    cred_args=(--creds "$creds")
    dest_creds=(--dest-creds "$creds")
  fi
  have=$(skopeo inspect --raw --tls-verify=false "${cred_args[@]}" "docker://$addr/$IMAGE_REPO:$IMAGE_TAG" 2>/dev/null |
    sha256sum | cut -d' ' -f1) || true
  if [ "sha256:$have" = "$want" ]; then
    log "base image: $addr/$IMAGE_REPO:$IMAGE_TAG is up to date ($want)"
    return
  fi
  log "base image: pushing $addr/$IMAGE_REPO:$IMAGE_TAG"
  local out
  out=$(skopeo copy --all --preserve-digests --dest-tls-verify=false "${dest_creds[@]}" \
    "oci:$layout:$IMAGE_TAG" "docker://$addr/$IMAGE_REPO:$IMAGE_TAG" 2>&1) ||
    die "base image: skopeo copy to $addr failed: $out"
  have=$(skopeo inspect --raw --tls-verify=false "${cred_args[@]}" "docker://$addr/$IMAGE_REPO:$IMAGE_TAG" |
    sha256sum | cut -d' ' -f1)
  [ "sha256:$have" = "$want" ] || die "base image: $addr has index sha256:$have after the push, expected $want"
}

# ---------------------------------------------------------------------------------------------
status() {
  local pf
  echo "multiarch-build test environment (state: $STATE)"
  pf=$STATE/registry-plain/registry.pid
  printf '  %-22s %s\n' "registry (plain)" "http://$PLAIN_ADDR  pid $(cat "$pf" 2>/dev/null || echo -)  /v2/ -> $(http_code "http://$PLAIN_ADDR/v2/")"
  pf=$STATE/registry-auth/registry.pid
  printf '  %-22s %s\n' "registry (htpasswd)" "http://$AUTH_ADDR  pid $(cat "$pf" 2>/dev/null || echo -)  /v2/ -> $(http_code "http://$AUTH_ADDR/v2/") (user $AUTH_USER / $AUTH_PASSWORD)"
  printf '  %-22s %s\n' "dockerd" "unix://$DOCKER_SOCK  pid $(cat "$STATE/docker/dockerd.pid" 2>/dev/null || echo -)  $("$DOCKER" version -f 'server {{.Server.Version}}' 2>/dev/null || echo 'not answering')  (client $DOCKER)"
  printf '  %-22s %s\n' "binfmt" "qemu-aarch64: $(binfmt_ok qemu-aarch64 && echo enabled,F || echo MISSING)  qemu-arm: $(binfmt_ok qemu-arm && echo enabled,F || echo MISSING)"
  printf '  %-22s %s\n' "runc" "$(runc --version 2>/dev/null | head -n1 || echo MISSING)"
  printf '  %-22s %s\n' "base image" "$PLAIN_ADDR/$IMAGE_REPO:$IMAGE_TAG, $AUTH_ADDR/$IMAGE_REPO:$IMAGE_TAG  index sha256:$(cat "$STATE/busybox-oci/.index-digest" 2>/dev/null || echo -)"
  printf '  %-22s %s\n' "base image layout" "oci:$STATE/busybox-oci:$IMAGE_TAG"
}

stop_all() {
  stop_pidfile "registry (plain)" "$STATE/registry-plain/registry.pid" docker-registry
  stop_pidfile "registry (htpasswd)" "$STATE/registry-auth/registry.pid" docker-registry
  stop_pidfile dockerd "$STATE/docker/dockerd.pid" dockerd
}

main() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  mkdir -p "$STATE"
  # Several test runs may call this at once; one at a time, or two would start the same daemon.
  exec 9>"$STATE/.lock"
  flock 9
  case "${1:-start}" in
    start) ;;
    stop) stop_all; return ;;
    status) status; return ;;
    *) die "unknown command '$1' (use: start | stop | status)" ;;
  esac
  local t0=$SECONDS
  mkdir -p "$STATE"
  install_packages
  setup_binfmt
  start_registry "registry (plain)" "$STATE/registry-plain" "$PLAIN_ADDR" 0
  start_registry "registry (htpasswd)" "$STATE/registry-auth" "$AUTH_ADDR" 1
  start_dockerd
  build_base_image
  push_base_image "$PLAIN_ADDR"
  push_base_image "$AUTH_ADDR" "$AUTH_USER:$AUTH_PASSWORD"
  [ -x /usr/sbin/sshd ] || die "sshd: /usr/sbin/sshd missing"
  status
  log "ready in $((SECONDS - t0))s"
}

main "$@"
