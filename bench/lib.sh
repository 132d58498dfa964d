# Shared setup for the benchmark scripts: builds ferry, starts two local registries (SRC, DST),
# generates and publishes the data sets, and times commands. Source it from bench/*.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
./scripts/install-deps.sh
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
swift build -c release --product ferry >/dev/null
FERRY="$(swift build -c release --show-bin-path)/ferry"

WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
source scripts/registry-lib.sh
trap 'stop_registries; rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"   # ferry's blob-location index starts empty for this run
SRC=$(start_registry src)
DST=$(start_registry dst)
if [ $QUICK = 1 ]; then IMAGES=4 BASE=16 UNIQUE=4 HUGE=256; else IMAGES=8 BASE=64 UNIQUE=16 HUGE=2048; fi

# publish_fleet: IMAGES images sharing a BASE MiB layer, UNIQUE MiB each, at SRC/fleet/imgN:1
publish_fleet() {
  python3 bench/make_layout.py "$WORK/fleet" --images $IMAGES --base-mib $BASE --unique-mib $UNIQUE
  for i in $(seq 0 $((IMAGES - 1))); do
    skopeo copy -q --dest-tls-verify=false "oci:$WORK/fleet:img$i" "docker://$SRC/fleet/img$i:1"
  done
  rm -rf "$WORK/fleet"
}

# publish_huge: one image with a single HUGE MiB layer at SRC/huge/img:1
publish_huge() {
  python3 bench/make_layout.py "$WORK/huge" --images 1 --base-mib 0 --unique-mib $HUGE --seed 7
  skopeo copy -q --dest-tls-verify=false "oci:$WORK/huge:img0" "docker://$SRC/huge/img:1"
  rm -rf "$WORK/huge"
}

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2-$1:.2f}')"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}' if $2 > 0 else 'n/a')"; }

# measure OUTFILE CMD... -> prints "seconds maxrss_kib" of CMD (via /usr/bin/time -v)
measure() {
  local out=$1; shift
  /usr/bin/time -v -o "$out" "$@"
  python3 - "$out" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
secs = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
print(f"{secs:.2f} {rss}")
PY
}
