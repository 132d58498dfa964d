# shellcheck shell=bash disable=SC2153  # ROOT, WORK, CACHE come from bench/run
# Helpers for bench/run: dependencies, the ferry build, registries on cached storage, data sets
# and timing. Source it from bench/run (it defines functions only; nothing runs at source time).
# Expects: ROOT (repo), WORK (temp dir of this run), CACHE (data cache across runs).

# shellcheck source=scripts/registry-lib.sh
source "$ROOT/scripts/registry-lib.sh"   # free_port, start_registry, stop_registries

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# install_deps: the project's Debian packages (skopeo, docker-registry, openssl, curl...) plus GNU
# time, which gives wall time and peak RSS of a command and its children in one go.
install_deps() {
  "$ROOT/scripts/install-deps.sh"
  if [ ! -x /usr/bin/time ]; then
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -q time >/dev/null
  fi
}

# build_ferry -> path of a release ferry. The scratch path sits outside the repo so benchmark
# builds neither dirty the tree nor race the debug builds of people working in it.
build_ferry() {
  local scratch=${BENCH_BUILD:-/tmp/bench-build}
  (cd "$ROOT" && swift build -c release --product ferry --scratch-path "$scratch" >&2)
  echo "$(cd "$ROOT" && swift build -c release --scratch-path "$scratch" --show-bin-path)/ferry"
}

# start_registry_at NAME ROOTDIR -> HOST:PORT of a docker-registry serving ROOTDIR. Same as
# scripts/registry-lib.sh's start_registry, but the storage may live outside WORK (the data
# sets' source registries are cached across runs); the pid file in WORK/NAME lets
# stop_registries stop it.
start_registry_at() {
  local name=$1 root=$2 port
  port=$(free_port)
  mkdir -p "$WORK/$name" "$root"
  cat >"$WORK/$name/config.yml" <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $root}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YAML
  docker-registry serve "$WORK/$name/config.yml" >"$WORK/$name/log" 2>&1 &
  echo $! >"$WORK/$name/pid"
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && { echo "127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  echo "registry $name did not start; its log:" >&2; cat "$WORK/$name/log" >&2; return 1
}

# stop_registry NAME: stops one registry started by start_registry_at.
stop_registry() {
  local f=$WORK/$1/pid pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

# reset_dst: an empty destination registry (new port) before every timed command, so no run
# finds blobs an earlier run left behind and disk use stays bounded (the huge set is GiBs).
reset_dst() {
  stop_registry dst
  rm -rf "$WORK/dst-data"
  DST=$(start_registry_at dst "$WORK/dst-data")
  export DST
}

# dataset_dir NAME SPEC -> cache directory of a data set; SPEC (its generator arguments) is part
# of the name, so a changed data set is generated anew and an unchanged one is reused.
dataset_dir() {
  echo "$CACHE/$1-$(printf '%s' "$2" | sha256sum | cut -c1-12)"
}

# publish_dataset NAME "MAKE_LAYOUT ARGS": generates the layout (seeded, deterministic) and pushes
# every image with skopeo (a neutral client) into a registry storage dir that is kept in CACHE.
# Later runs reuse it: generating and pushing a 4 GiB set takes longer than benchmarking it.
publish_dataset() {
  local name=$1 spec=$2 dir reg n
  dir=$(dataset_dir "$name" "$spec")
  if [ -f "$dir/complete" ]; then log "data set $name: reusing $dir"; return 0; fi
  log "data set $name: generating ($spec)"
  rm -rf "$dir"; mkdir -p "$dir"
  # shellcheck disable=SC2086  # spec is a list of arguments
  python3 "$ROOT/bench/make_layout.py" "$dir/layout" $spec --stats "$dir/stats.json"
  reg=$(start_registry_at "pub-$name" "$dir/data")
  n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["images"])' "$dir/stats.json")
  # 4 pushes at a time: publishing 200 small images one by one takes a minute.
  seq 0 $((n - 1)) | xargs -P 4 -I{} skopeo copy -q --all --dest-tls-verify=false \
    "oci:$dir/layout:img{}" "docker://$reg/bench/img{}:1"
  # the layout's digests must survive the push (skopeo recompresses layers it finds uncompressed)
  local digest repo
  read -r digest repo < <(python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["biggest_blob"]; print(b["digest"], b["repo"])' "$dir/stats.json")
  curl -fsI -o /dev/null "http://$reg/v2/$repo/blobs/$digest" \
    || { echo "data set $name: $repo lacks $digest after the push (layer rewritten?)" >&2; return 1; }
  stop_registry "pub-$name"
  rm -rf "$dir/layout"
  touch "$dir/complete"
}

# stat_of NAME SPEC KEY -> a number from the data set's stats.json (unique_bytes, images...).
stat_of() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$(dataset_dir "$1" "$2")/stats.json" "$3"
}

# timed OUT CMD...: runs CMD under GNU time; writes "SECONDS MAXRSS_KIB" to OUT. Peak RSS is the
# largest single process of CMD and its children (getrusage of waited-for children), i.e. for a
# loop of skopeo invocations the biggest skopeo. Returns CMD's status.
timed() {
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$out" "$@"
}

# median of the numbers on stdin (blank/failed values ignored).
median() {
  python3 -c 'import sys,statistics; v=[float(x) for x in sys.stdin.read().split()]; print(f"{statistics.median(v):.3f}" if v else "nan")'
}

# registry_write_rate REG FILE DIGEST -> bytes/s of one monolithic blob upload (POST + PUT of the
# whole file) to the registry at REG with curl: what a registry on this machine can ingest
# (it hashes and writes every byte), the ceiling of every scenario that pushes.
registry_write_rate() {
  local reg=$1 file=$2 digest=$3 location
  location=$(curl -fsS -X POST -D - -o /dev/null "http://$reg/v2/bench-limits/write/blobs/uploads/" \
    | awk 'tolower($1) == "location:" {print $2}' | tr -d '\r')
  case $location in /*) location="http://$reg$location" ;; esac
  case $location in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  curl -fsS -T "$file" -H 'Content-Type: application/octet-stream' -o /dev/null -w '%{speed_upload}\n' "$location"
}
