#!/usr/bin/env bash
# Benchmark: `ferry copy` vs `skopeo copy` between the same two local registries, in the same run.
# usage: bench/copy.sh [--quick]      writes bench/results-copy.md
#  fleet: 8 images sharing a 64 MiB base layer, 16 MiB unique each (quick: 4 x 16 MiB + 4 MiB)
#  huge:  one image with a single 2 GiB layer (quick: 256 MiB) -> peak RSS of each tool
source "$(dirname "$0")/lib.sh"
echo "data: $IMAGES images (base ${BASE} MiB + ${UNIQUE} MiB each), huge layer ${HUGE} MiB"
publish_fleet
publish_huge

# run_fleet TOOL PREFIX -> seconds to copy every fleet image into DST/PREFIX/...
run_fleet() {
  local tool=$1 prefix=$2 t0
  t0=$(now)
  for i in $(seq 0 $((IMAGES - 1))); do
    if [ "$tool" = ferry ]; then
      "$FERRY" copy -q "$SRC/fleet/img$i:1" "$DST/$prefix/img$i:1"
    else
      skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$SRC/fleet/img$i:1" "docker://$DST/$prefix/img$i:1"
    fi
  done
  elapsed "$t0" "$(now)"
}

fs=$(run_fleet skopeo skopeo-fleet); ff=$(run_fleet ferry ferry-fleet)
fs2=$(run_fleet skopeo skopeo-fleet); ff2=$(run_fleet ferry ferry-fleet)
read -r hs hsr <<<"$(measure "$WORK/t1" skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$SRC/huge/img:1" "docker://$DST/skopeo-huge/img:1")"
read -r hf hfr <<<"$(measure "$WORK/t2" "$FERRY" copy -q "$SRC/huge/img:1" "$DST/ferry-huge/img:1")"

{
  echo "# ferry copy vs skopeo copy ($(date -u +%Y-%m-%d), $(nproc) cores, quick=$QUICK)"
  echo
  echo "| scenario | ferry s | skopeo s | ratio ferry/skopeo | ferry peak RSS | skopeo peak RSS |"
  echo "|---|---|---|---|---|---|"
  echo "| fleet: $IMAGES images, first copy | $ff | $fs | $(ratio "$ff" "$fs") | | |"
  echo "| fleet: same again (all present) | $ff2 | $fs2 | $(ratio "$ff2" "$fs2") | | |"
  echo "| huge: one ${HUGE} MiB layer | $hf | $hs | $(ratio "$hf" "$hs") | $((hfr / 1024)) MiB | $((hsr / 1024)) MiB |"
} | tee bench/results-copy.md
