#!/usr/bin/env bash
# Benchmark: `ferry copy` vs `skopeo copy` between the same two local registries, in the same run.
# usage: bench/copy.sh [--quick]      writes bench/results-copy.md
#  fleet: 8 images sharing a 64 MiB base layer, 16 MiB unique each (quick: 4 x 16 MiB + 4 MiB)
#  huge:  one image with a single 2 GiB layer (quick: 256 MiB) -> peak RSS of each tool
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
./scripts/install-deps.sh
command -v /usr/bin/time >/dev/null || { apt-get install -y -q time >/dev/null; }
swift build -c release --product ferry >/dev/null
FERRY="$(swift build -c release --show-bin-path)/ferry"

WORK="$(mktemp -d /tmp/ferry-bench.XXXXXX)"
source scripts/registry-lib.sh
trap 'stop_registries; rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"   # ferry's blob-location index starts empty for this run
SRC=$(start_registry src)
DST=$(start_registry dst)

if [ $QUICK = 1 ]; then IMAGES=4 BASE=16 UNIQUE=4 HUGE=256; else IMAGES=8 BASE=64 UNIQUE=16 HUGE=2048; fi
echo "generating data: $IMAGES images (base ${BASE} MiB + ${UNIQUE} MiB each), huge layer ${HUGE} MiB"
python3 bench/make_layout.py "$WORK/fleet" --images $IMAGES --base-mib $BASE --unique-mib $UNIQUE
python3 bench/make_layout.py "$WORK/huge" --images 1 --base-mib 0 --unique-mib $HUGE --seed 7
for i in $(seq 0 $((IMAGES - 1))); do
  skopeo copy -q --dest-tls-verify=false "oci:$WORK/fleet:img$i" "docker://$SRC/fleet/img$i:1"
done
skopeo copy -q --dest-tls-verify=false "oci:$WORK/huge:img0" "docker://$SRC/huge/img:1"
rm -rf "$WORK/fleet" "$WORK/huge"

now() { date +%s.%N; }
# run_fleet TOOL PREFIX -> seconds to copy every fleet image into DST/PREFIX/...
run_fleet() {
  local tool=$1 prefix=$2 t0 t1
  t0=$(now)
  for i in $(seq 0 $((IMAGES - 1))); do
    if [ "$tool" = ferry ]; then
      "$FERRY" copy -q "$SRC/fleet/img$i:1" "$DST/$prefix/img$i:1"
    else
      skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$SRC/fleet/img$i:1" "docker://$DST/$prefix/img$i:1"
    fi
  done
  t1=$(now)
  python3 -c "print(f'{$t1-$t0:.2f}')"
}
# run_huge TOOL PREFIX -> "seconds maxrss_kib"
run_huge() {
  local tool=$1 prefix=$2 out="$WORK/time-$1-$2"
  if [ "$tool" = ferry ]; then
    /usr/bin/time -v -o "$out" "$FERRY" copy -q "$SRC/huge/img:1" "$DST/$prefix/img:1"
  else
    /usr/bin/time -v -o "$out" skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$SRC/huge/img:1" "docker://$DST/$prefix/img:1"
  fi
  python3 - "$out" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
secs = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
print(f"{secs:.2f} {rss}")
PY
}

fs=$(run_fleet skopeo skopeo-fleet); ff=$(run_fleet ferry ferry-fleet)
fs2=$(run_fleet skopeo skopeo-fleet); ff2=$(run_fleet ferry ferry-fleet)
read -r hs hsr <<<"$(run_huge skopeo skopeo-huge)"
read -r hf hfr <<<"$(run_huge ferry ferry-huge)"
ratio() { python3 -c "print(f'{$1/$2:.2f}' if $2 > 0 else 'n/a')"; }

{
  echo "# ferry copy vs skopeo copy ($(date -u +%Y-%m-%d), $(nproc) cores, quick=$QUICK)"
  echo
  echo "| scenario | ferry s | skopeo s | ratio ferry/skopeo | ferry peak RSS | skopeo peak RSS |"
  echo "|---|---|---|---|---|---|"
  echo "| fleet: $IMAGES images, first copy | $ff | $fs | $(ratio "$ff" "$fs") | | |"
  echo "| fleet: same again (all present) | $ff2 | $fs2 | $(ratio "$ff2" "$fs2") | | |"
  echo "| huge: one ${HUGE} MiB layer | $hf | $hs | $(ratio "$hf" "$hs") | $((hfr / 1024)) MiB | $((hsr / 1024)) MiB |"
} | tee bench/results-copy.md
