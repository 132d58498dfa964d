#!/usr/bin/env python3
"""What the local registries allow for one data set, measured with curl alone (no ferry, no skopeo).

usage: set_limits.py --src HOST:PORT --images N --storage DIR --dst HOST:PORT [--parallel 6]

- read: every unique blob of the set (bench/img0..N-1:1, indexes followed) fetched from SRC with
  `curl --parallel` (P transfers at once, connections reused): the fastest any client reads this
  set from this registry, per-blob latency included (a big blob alone hides it).
- write: the same blobs uploaded to DST, P at once: each upload is started with a POST (untimed)
  and its whole body sent with one PUT (timed): what this registry can ingest of this set.

Prints one JSON object: blobs, bytes, read_s, write_s and the rates in bytes per second.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

MANIFEST_TYPES = ", ".join([
    "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json"])


def get_json(url):
    request = urllib.request.Request(url, headers={"Accept": MANIFEST_TYPES})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def set_blobs(src, images):
    """{digest: (repo, size)} of every config and layer the set's images refer to."""
    blobs = {}

    def walk(repo, reference):
        doc = get_json(f"http://{src}/v2/{repo}/manifests/{reference}")
        for child in doc.get("manifests", []):
            walk(repo, child["digest"])
        for blob in ([doc["config"]] if "config" in doc else []) + doc.get("layers", []):
            blobs.setdefault(blob["digest"], (repo, blob["size"]))

    for i in range(images):
        walk(f"bench/img{i}", "1")
    return blobs


def curl_parallel(config_lines, parallel):
    """Runs one curl over a config file of transfers, P at once; returns the seconds it took."""
    with tempfile.NamedTemporaryFile("w", suffix=".curl", delete=False) as fh:
        fh.write("\n".join(config_lines) + "\n")
    try:
        started = time.monotonic()
        subprocess.run(["curl", "-sSf", "--no-progress-meter", "--parallel", "--parallel-max", str(parallel), "-K", fh.name],
                       check=True, stdout=subprocess.DEVNULL)
        return time.monotonic() - started
    finally:
        os.unlink(fh.name)


def start_upload(dst, digest):
    request = urllib.request.Request(f"http://{dst}/v2/bench-limits/set/blobs/uploads/", method="POST", data=b"")
    with urllib.request.urlopen(request) as response:
        location = response.headers["Location"]
    if location.startswith("/"):
        location = f"http://{dst}{location}"
    return location + ("&" if "?" in location else "?") + f"digest={digest}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", required=True)
    parser.add_argument("--images", type=int, required=True)
    parser.add_argument("--storage", required=True, help="the source registry's rootdirectory")
    parser.add_argument("--dst", required=True)
    parser.add_argument("--parallel", type=int, default=6)
    a = parser.parse_args()

    blobs = set_blobs(a.src, a.images)
    total = sum(size for _, size in blobs.values())
    reads = []
    for digest, (repo, _) in blobs.items():
        reads += [f'url = "http://{a.src}/v2/{repo}/blobs/{digest}"', 'output = "/dev/null"']
    read_s = curl_parallel(reads, a.parallel)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        locations = dict(zip(blobs, pool.map(lambda d: start_upload(a.dst, d), blobs)))
    # -T makes each transfer a PUT; curl pairs the n-th upload-file and output with the n-th url.
    writes = ['header = "Content-Type: application/octet-stream"']
    for digest, location in locations.items():
        path = os.path.join(a.storage, "docker/registry/v2/blobs/sha256", digest[7:9], digest[7:], "data")
        writes += [f'url = "{location}"', f'upload-file = "{path}"', 'output = "/dev/null"']
    write_s = curl_parallel(writes, a.parallel)

    json.dump({"blobs": len(blobs), "bytes": total, "parallel": a.parallel,
               "read_s": read_s, "read_bytes_per_s": total / read_s,
               "write_s": write_s, "write_bytes_per_s": total / write_s}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
