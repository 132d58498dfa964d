#!/usr/bin/env bash
# ferry demo: installs what it needs, starts two local registries, publishes sample images with
# umoci and skopeo, then moves them with ferry — copy (registry -> registry), then the air-gap
# pipeline: gather a sources.list into one de-duplicated set on the low side, serialize it to a
# tar stream with a checkpoint, deserialize it on the high side, scatter each image to its own
# repository — and checks the result with skopeo. Everything stays on 127.0.0.1 and in a temp dir.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh

echo "== building ferry (release)"
swift build -c release --product ferry >/dev/null
FERRY="$(swift build -c release --show-bin-path)/ferry"

WORK="$(mktemp -d /tmp/ferry-demo.XXXXXX)"
source scripts/registry-lib.sh
trap 'stop_registries; rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"   # ferry's blob-location index for this demo only

LOW=$(start_registry low)
HIGH=$(start_registry high)
echo "== registries: low side $LOW, high side $HIGH"

echo "== building a sample image (3 layers, ~12 MiB) with umoci and publishing it with skopeo"
umoci init --layout "$WORK/layout" >/dev/null
umoci new --image "$WORK/layout:demo" >/dev/null
for i in 1 2 3; do
  mkdir -p "$WORK/payload$i/data"
  head -c $((4 * 1024 * 1024)) /dev/urandom >"$WORK/payload$i/data/blob$i.bin"
  umoci insert --rootless --image "$WORK/layout:demo" "$WORK/payload$i/data" "/data$i" >/dev/null
done
skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:demo" "docker://$LOW/demo/app:1.0"
skopeo inspect --tls-verify=false "docker://$LOW/demo/app:1.0" --format '   published {{.Name}}@{{.Digest}} ({{len .Layers}} layers)'

echo "== ferry copy: low registry -> high registry"
"$FERRY" copy "$LOW/demo/app:1.0" "docker://$HIGH/mirror/app:1.0"

echo "== ferry copy again: nothing to move"
"$FERRY" copy "$LOW/demo/app:1.0" "$HIGH/mirror/app:1.0"

echo "== ferry gather (low side): a sources.list of two images that share layers, into one repository"
umoci config --image "$WORK/layout:demo" --tag demo2 --config.label version=1.1 >/dev/null
mkdir -p "$WORK/payload4/data" && head -c $((2 * 1024 * 1024)) /dev/urandom >"$WORK/payload4/data/extra.bin"
umoci insert --rootless --image "$WORK/layout:demo2" "$WORK/payload4/data" /data4 >/dev/null
skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:demo2" "docker://$LOW/demo/app:1.1"
cat >"$WORK/sources.list" <<LIST
$LOW/demo/app:1.0, tier=demo
$LOW/demo/app:1.1, tier=demo, channel=beta
LIST
"$FERRY" gather "$WORK/sources.list" "$LOW/gather:sync-1"
echo "== gather again: nothing moves"
"$FERRY" gather "$WORK/sources.list" "$LOW/gather:sync-1"
echo "== the gather index (ace-dt format), read back with skopeo:"
skopeo inspect --tls-verify=false --raw "docker://$LOW/gather:sync-1" | python3 -c '
import json, sys
index = json.load(sys.stdin)
print("   artifactType", index["artifactType"])
for key, value in sorted(index["annotations"].items()):
    print("  ", key, "=", value)
for entry in index["manifests"]:
    notes = entry["annotations"]
    print("   -", entry["digest"][:19] + "...", notes["vnd.act3-ace.manifest.source"], notes.get("data.act3-ace.io/labels", ""))
'

echo "== ferry serialize: the set as one tar stream in 256 KiB blocks, with a checkpoint (the tape)"
"$FERRY" serialize "$LOW/gather:sync-1" "$WORK/sync-1.tar" -b 256KiB --checkpoint "$WORK/sync-1.jsonl"
echo "   $(wc -l <"$WORK/sync-1.jsonl") checkpoint lines; stream entries:"
tar tvf "$WORK/sync-1.tar" | awk '{printf "     %10s %s\n", $3, $6}' | head -12

echo "== ferry deserialize (high side): every blob verified, manifests pushed once complete"
"$FERRY" deserialize "$WORK/sync-1.tar" "$HIGH/gather:sync-1"

echo "== ferry scatter: each image to its own repository by prefix (longest-prefix mapper)"
echo "$LOW/demo/,$HIGH/mirror/" >"$WORK/map.csv"
"$FERRY" scatter "$HIGH/gather:sync-1" "longest-prefix=$WORK/map.csv" --dry-run
"$FERRY" scatter "$HIGH/gather:sync-1" "longest-prefix=$WORK/map.csv"

echo "== checking with skopeo (an independent client)"
src=$(skopeo inspect --tls-verify=false --raw "docker://$LOW/demo/app:1.0" | sha256sum | cut -d' ' -f1)
dst=$(skopeo inspect --tls-verify=false --raw "docker://$HIGH/mirror/app:1.0" | sha256sum | cut -d' ' -f1)
echo "   source manifest   sha256:$src"
echo "   scattered manifest sha256:$dst ($HIGH/mirror/app:1.0)"
[ "$src" = "$dst" ] && echo "== demo ok: identical digests end to end" || { echo "== demo FAILED: digests differ"; exit 1; }
