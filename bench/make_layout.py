#!/usr/bin/env python3
"""Writes a deterministic OCI image layout for benchmarks: images that share a base layer.

usage: make_layout.py DIR --images N --base-mib B --unique-mib U [--seed S]
Each image gets the shared base layer, its own unique layer and a small config; one tag per
image (img0, img1, ...). Layer bytes are pseudo-random (incompressible) and generated in chunks,
so memory stays small whatever the sizes.
"""
import argparse, hashlib, json, os, random

def write_blob(root, chunks):
    h = hashlib.sha256()
    tmp = os.path.join(root, "blobs", "sha256", ".tmp")
    size = 0
    with open(tmp, "wb") as f:
        for c in chunks:
            h.update(c); f.write(c); size += len(c)
    digest = h.hexdigest()
    os.replace(tmp, os.path.join(root, "blobs", "sha256", digest))
    return "sha256:" + digest, size

def random_chunks(seed, mib):
    rng = random.Random(seed)
    for _ in range(mib):
        yield rng.randbytes(1 << 20)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir"); p.add_argument("--images", type=int, default=4)
    p.add_argument("--base-mib", type=int, default=64); p.add_argument("--unique-mib", type=int, default=16)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    os.makedirs(os.path.join(a.dir, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(a.dir, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    layer_type = "application/vnd.oci.image.layer.v1.tar"
    base = write_blob(a.dir, random_chunks(a.seed * 1000, a.base_mib)) if a.base_mib else None
    entries = []
    for i in range(a.images):
        layers = []
        if base:
            layers.append({"mediaType": layer_type, "digest": base[0], "size": base[1]})
        if a.unique_mib:
            d, s = write_blob(a.dir, random_chunks(a.seed * 1000 + i + 1, a.unique_mib))
            layers.append({"mediaType": layer_type, "digest": d, "size": s})
        config = json.dumps({"architecture": "amd64", "os": "linux",
                             "rootfs": {"type": "layers", "diff_ids": [l["digest"] for l in layers]},
                             "config": {"Labels": {"bench.image": str(i)}}}).encode()
        cd, cs = write_blob(a.dir, [config])
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                               "layers": layers}).encode()
        md, ms = write_blob(a.dir, [manifest])
        entries.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms,
                        "annotations": {"org.opencontainers.image.ref.name": f"img{i}"}})
    with open(os.path.join(a.dir, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": entries}, f)

if __name__ == "__main__":
    main()
