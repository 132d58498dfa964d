#!/usr/bin/env python3
"""Writes a deterministic OCI image layout for benchmarks.

usage: make_layout.py DIR --images N [--base-mib B] [--unique-mib U | --unique-kib-range MIN,MAX]
                      [--tiny-bytes T] [--index-last] [--seed S] [--stats FILE]

Each image gets the shared base layer (if B > 0), its own unique layer (U MiB, or a size drawn
from MIN..MAX KiB by the seeded generator), a tiny layer of T bytes (if T > 0) and a small
config; one tag per image (img0, img1, ...). With --index-last the last image is a multi-arch
index of two platform manifests (linux/amd64, linux/arm64), each with its own unique and tiny
layers. Layer bytes are pseudo-random (incompressible) and written in chunks, so memory stays
small whatever the sizes. --stats writes {"blobs", "unique_bytes", "logical_bytes", "images"}:
unique_bytes counts each blob once (what crosses the wire), logical_bytes counts every image's
blobs (what a naive copy would move).
"""
import argparse, hashlib, json, os, random, zlib

LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"
CHUNK = 1 << 20


class Layout:
    def __init__(self, root):
        self.root = root
        self.sizes = {}          # digest -> size, each blob once
        self.owner = {}          # digest -> tag of the first image holding it
        self.current = "img0"
        os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)
        with open(os.path.join(root, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')

    def blob(self, chunks):
        h = hashlib.sha256()
        tmp = os.path.join(self.root, "blobs", "sha256", ".tmp")
        size = 0
        with open(tmp, "wb") as f:
            for c in chunks:
                h.update(c); f.write(c); size += len(c)
        digest = "sha256:" + h.hexdigest()
        os.replace(tmp, os.path.join(self.root, "blobs", "sha256", digest[7:]))
        self.sizes[digest] = size
        self.owner.setdefault(digest, self.current)
        return digest, size


def random_bytes(seed, nbytes):
    """A gzip stream of nbytes of seeded pseudo-random data, in 1 MiB chunks.

    Layers are real gzip (stored blocks, level 0: fast, incompressible anyway) so that no tool
    recompresses them: skopeo gzips a layer it finds uncompressed when pushing to a registry,
    which would change digests and time gzip instead of transfers.
    """
    rng = random.Random(seed)
    z = zlib.compressobj(0, zlib.DEFLATED, 31)
    while nbytes > 0:
        n = min(CHUNK, nbytes)
        yield z.compress(rng.randbytes(n))
        nbytes -= n
    yield z.flush()


def manifest(layout, layers, arch, label):
    """Writes config + manifest for these layer descriptors; returns (digest, size, logical bytes)."""
    config = json.dumps({"architecture": arch, "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [l["digest"] for l in layers]},
                         "config": {"Labels": {"bench.image": label}}}).encode()
    cd, cs = layout.blob([config])  # configs and manifests are plain JSON, never gzipped
    body = json.dumps({"schemaVersion": 2, "mediaType": MANIFEST,
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                  "digest": cd, "size": cs},
                       "layers": layers}).encode()
    md, ms = layout.blob([body])
    return md, ms, cs + ms + sum(l["size"] for l in layers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir"); p.add_argument("--images", type=int, default=4)
    p.add_argument("--base-mib", type=int, default=64)
    p.add_argument("--unique-mib", type=int, default=16)
    p.add_argument("--unique-kib-range", default=None, help="MIN,MAX: per-image unique size in KiB")
    p.add_argument("--tiny-bytes", type=int, default=0)
    p.add_argument("--index-last", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--stats", default=None)
    a = p.parse_args()
    layout = Layout(a.dir)
    sizes_rng = random.Random(a.seed)   # draws the per-image sizes, so they are seeded too
    base = layout.blob(random_bytes(a.seed * 1000, a.base_mib << 20)) if a.base_mib else None
    logical = 0

    def image_layers(key):
        """Layers of one platform manifest; key makes its unique/tiny bytes distinct."""
        layers = []
        if base:
            layers.append({"mediaType": LAYER, "digest": base[0], "size": base[1]})
        if a.unique_kib_range:
            lo, hi = (int(x) for x in a.unique_kib_range.split(","))
            nbytes = sizes_rng.randint(lo, hi) << 10
        else:
            nbytes = a.unique_mib << 20
        if nbytes:
            d, s = layout.blob(random_bytes(a.seed * 1000 + key, nbytes))
            layers.append({"mediaType": LAYER, "digest": d, "size": s})
        if a.tiny_bytes:
            d, s = layout.blob(random_bytes(a.seed * 7919 + key, a.tiny_bytes))
            layers.append({"mediaType": LAYER, "digest": d, "size": s})
        return layers

    entries = []
    for i in range(a.images):
        ref = {"org.opencontainers.image.ref.name": f"img{i}"}
        layout.current = f"img{i}"
        if a.index_last and i == a.images - 1:
            platforms = []
            for j, arch in enumerate(["amd64", "arm64"]):
                md, ms, lg = manifest(layout, image_layers(1 + i + 100000 * j), arch, f"{i}-{arch}")
                logical += lg
                platforms.append({"mediaType": MANIFEST, "digest": md, "size": ms,
                                  "platform": {"architecture": arch, "os": "linux"}})
            body = json.dumps({"schemaVersion": 2, "mediaType": INDEX, "manifests": platforms}).encode()
            d, s = layout.blob([body])
            logical += s
            entries.append({"mediaType": INDEX, "digest": d, "size": s, "annotations": ref})
        else:
            md, ms, lg = manifest(layout, image_layers(1 + i), "amd64", str(i))
            logical += lg
            entries.append({"mediaType": MANIFEST, "digest": md, "size": ms, "annotations": ref})
    with open(os.path.join(a.dir, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": INDEX, "manifests": entries}, f)
    if a.stats:
        biggest = max(layout.sizes.items(), key=lambda kv: kv[1])
        with open(a.stats, "w") as f:
            json.dump({"images": a.images, "blobs": len(layout.sizes),
                       "unique_bytes": sum(layout.sizes.values()), "logical_bytes": logical,
                       "biggest_blob": {"digest": biggest[0], "size": biggest[1], "repo": "bench/" + layout.owner[biggest[0]]}},
                      f)


if __name__ == "__main__":
    main()
