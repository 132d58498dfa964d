#!/usr/bin/env bash
# Benchmark: `ferry gather` of the fleet into one repository vs skopeo copying the same images
# into one repository (one `skopeo copy` per image, as skopeo has no gather), same run; then a
# re-gather of the unchanged set vs the first gather.
# usage: bench/gather.sh [--quick]    writes bench/results-gather.md
source "$(dirname "$0")/lib.sh"
echo "data: $IMAGES images (base ${BASE} MiB + ${UNIQUE} MiB each)"
publish_fleet
for i in $(seq 0 $((IMAGES - 1))); do echo "$SRC/fleet/img$i:1"; done > "$WORK/sources.list"

t0=$(now)
for i in $(seq 0 $((IMAGES - 1))); do
  skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$SRC/fleet/img$i:1" "docker://$DST/skopeo/set:img$i"
done
ts=$(elapsed "$t0" "$(now)")
read -r tf rf <<<"$(measure "$WORK/t1" "$FERRY" gather -q "$WORK/sources.list" "$DST/ferry/set:sync-1")"
read -r tr rr <<<"$(measure "$WORK/t2" "$FERRY" gather -q "$WORK/sources.list" "$DST/ferry/set:sync-1")"

{
  echo "# ferry gather vs skopeo copy into one repository ($(date -u +%Y-%m-%d), $(nproc) cores, quick=$QUICK)"
  echo
  echo "| scenario | ferry s | skopeo s | ratio | ferry peak RSS |"
  echo "|---|---|---|---|---|"
  echo "| gather $IMAGES images (first) | $tf | $ts | $(ratio "$tf" "$ts") | $((rf / 1024)) MiB |"
  echo "| re-gather unchanged vs first gather | $tr | $tf | $(ratio "$tr" "$tf") | $((rr / 1024)) MiB |"
} | tee bench/results-gather.md
