#!/usr/bin/env python3
"""Turns bench/run's raw measurements into results.md (a table) and results.json.

Raw lines (tab-separated): scenario, data set, tool, repetition, seconds, peak RSS KiB, status.
Each table row compares ferry's median with one baseline's median on one data set:
skopeo's matching command(s), or for the re-gather ferry's own first gather, or for serialize
also the time the machine's slowest limit (sha256, disk write, registry read) would allow.
"""
import argparse, json, math, os, statistics, time
from collections import defaultdict

ORDER = ["clone", "gather", "regather", "serialize", "deserialize", "archive", "unarchive"]
DATASETS = ["fleet", "many", "huge"]
BASELINES = {  # scenario -> [(raw tool name, what it is)]
    "clone": [("skopeo-copy", "skopeo copy per image"), ("skopeo-sync", "skopeo sync")],
    "gather": [("skopeo", "skopeo copy per image, one repo")],
    "regather": [("gather-first", "ferry's first gather")],
    "serialize": [("skopeo", "skopeo copy to OCI layout + tar")],
    "deserialize": [("skopeo", "untar + skopeo copy per image")],
    "archive": [("skopeo", "skopeo copy to OCI layout + tar")],
    "unarchive": [("skopeo", "untar + skopeo copy per image")],
}
MIB = 1 << 20
# Scenarios that push every blob of the set into a registry: their floor is what it can ingest.
PUSHING = ("clone", "gather", "deserialize", "unarchive")


def target(scenario, ds):
    """The issue-7 ratio target of a row, or None."""
    if scenario in ("clone", "gather", "deserialize", "unarchive") and ds in ("fleet", "many"):
        return 0.5
    if scenario == "regather":
        return 0.05
    return None


def med(values):
    return statistics.median(values) if values else None


def fmt(v, digits=2):
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


def main():
    p = argparse.ArgumentParser()
    for a in ("raw", "limits", "datasets", "out", "quick", "reps", "huge-reps", "ferry-version",
              "skopeo-version", "elapsed"):
        p.add_argument("--" + a)
    a = p.parse_args()

    runs = defaultdict(lambda: {"secs": [], "rss_kib": [], "failed": 0})
    for line in open(a.raw):
        scenario, ds, tool, rep, secs, rss, status = line.rstrip("\n").split("\t")
        r = runs[(scenario, ds, tool)]
        if status == "ok":
            r["secs"].append(float(secs)); r["rss_kib"].append(int(rss))
        else:
            r["failed"] += 1
    # the re-gather's baseline is the first gather of the same repetitions
    for (scenario, ds, tool), r in list(runs.items()):
        if scenario == "gather" and tool == "ferry":
            runs[("regather", ds, "gather-first")] = r

    datasets = {}
    for line in open(a.datasets):
        if line.strip():
            name, spec, stats, *set_limits = line.rstrip("\n").split("\t")
            datasets[name] = {"spec": spec, **json.load(open(stats))}
            if set_limits and os.path.getsize(set_limits[0]) > 0:
                datasets[name]["set_limits"] = json.load(open(set_limits[0]))
    limits = json.load(open(a.limits))
    limit_rate = min(limits["sha256_bytes_per_s"], limits["write_bytes_per_s"],
                     limits["registry_read_bytes_per_s"])

    rows = []
    for scenario in ORDER:
        for ds in DATASETS:
            f = runs.get((scenario, ds, "ferry"))
            if not f or ds not in datasets:
                continue
            nbytes = datasets[ds]["unique_bytes"]
            fm = med(f["secs"])
            frss = max(f["rss_kib"]) / 1024 if f["rss_kib"] else None
            thr = nbytes / fm / 1e6 if fm and scenario != "regather" else None
            bases = [(t, d) for t, d in BASELINES[scenario] if (scenario, ds, t) in runs]
            runs_tools = {t for t, _ in bases}
            floors = datasets[ds].get("set_limits")
            if scenario == "serialize":
                bases.append(("machine-limit", "min(sha256, write, registry read) rate"))
                if floors:
                    bases.append(("set-limit", "min(sha256, write, curl read of this set, 6 at once)"))
            if scenario in PUSHING and floors:
                bases.append(("ingest-floor", "curl upload of this set, 6 at once (registry ingest)"))
            for tool, desc in bases:
                if tool == "machine-limit":
                    bm, brss, goal = nbytes / limit_rate, None, 1 / 0.8
                elif tool == "set-limit":
                    rate = min(limits["sha256_bytes_per_s"], limits["write_bytes_per_s"], floors["read_bytes_per_s"])
                    bm, brss, goal = nbytes / rate, None, 1 / 0.8
                elif tool == "ingest-floor":
                    bm, brss, goal = floors["write_s"], None, None
                else:
                    b = runs[(scenario, ds, tool)]
                    bm = med(b["secs"])
                    brss = max(b["rss_kib"]) / 1024 if b["rss_kib"] else None
                    goal = target(scenario, ds)
                ratio = fm / bm if fm is not None and bm else None
                rows.append({
                    "scenario": scenario, "dataset": ds, "baseline": desc, "baseline_tool": tool,
                    "ferry_median_s": fm, "baseline_median_s": bm, "ratio": ratio,
                    "ferry_runs_s": f["secs"],
                    "baseline_runs_s": runs[(scenario, ds, tool)]["secs"] if tool in runs_tools else [],
                    "ferry_peak_rss_mib": frss, "baseline_peak_rss_mib": brss,
                    "ferry_failed": f["failed"],
                    "baseline_failed": runs[(scenario, ds, tool)]["failed"] if tool in runs_tools else 0,
                    "bytes": nbytes, "ferry_mb_per_s": thr,
                    "target_ratio": goal,
                    "ratio_target_met": None if goal is None or ratio is None else ratio <= goal,
                    "rss_target_met": None if frss is None else frss <= 64,
                })

    doc = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cores": os.cpu_count(), "uname": " ".join(os.uname())},
        "ferry": a.ferry_version, "skopeo": a.skopeo_version,
        "quick": a.quick == "1", "reps": int(a.reps), "huge_reps": int(a.huge_reps),
        "elapsed_s": int(a.elapsed), "limits": {**limits, "min_bytes_per_s": limit_rate},
        "datasets": datasets, "rows": rows,
    }
    with open(os.path.join(a.out, "results.json"), "w") as fh:
        json.dump(doc, fh, indent=1)

    mb = lambda v: f"{v / 1e6:.0f} MB/s"
    out = [f"# ferry vs skopeo ({doc['date'][:10]}, {doc['machine']['cores']} cores"
           f"{', quick' if doc['quick'] else ''}, {a.reps} reps"
           f"{'' if a.huge_reps == a.reps else f' (huge: {a.huge_reps})'})",
           "",
           f"Written by `bench/run` in {int(a.elapsed) // 60} min {int(a.elapsed) % 60} s; "
           f"{a.ferry_version}, {a.skopeo_version}. Medians of the repetitions; ratio = ferry / "
           "baseline (< 1: ferry is faster); peak RSS is the largest single process; throughput "
           "is the data set's unique bytes over ferry's median. How to read it: "
           "[docs/benchmarks.md](../docs/benchmarks.md).",
           "",
           "| scenario | data | baseline | ferry median s | baseline median s | ratio ferry/baseline "
           "| target | ferry peak RSS MiB | baseline peak RSS MiB | ferry MB/s |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        t = "–" if r["target_ratio"] is None else f"≤ {r['target_ratio']:.2f} " + ("✓" if r["ratio_target_met"] else "✗")
        fail = f" ({r['ferry_failed']} failed)" if r["ferry_failed"] else ""
        bfail = f" ({r['baseline_failed']} failed)" if r["baseline_failed"] else ""
        out.append(f"| {r['scenario']} | {r['dataset']} | {r['baseline']} | {fmt(r['ferry_median_s'])}{fail} "
                   f"| {fmt(r['baseline_median_s'])}{bfail} | {fmt(r['ratio'])} | {t} "
                   f"| {fmt(r['ferry_peak_rss_mib'], 0)} | {fmt(r['baseline_peak_rss_mib'], 0)} "
                   f"| {fmt(r['ferry_mb_per_s'], 0)} |")
    out += ["", "Data sets (unique bytes = each blob once, what crosses the wire):", ""]
    for name, d in datasets.items():
        out.append(f"- **{name}**: {d['images']} images, {d['blobs']} blobs, "
                   f"{d['unique_bytes'] / 1e6:.0f} MB unique, {d['logical_bytes'] / 1e6:.0f} MB logical "
                   f"(`make_layout.py {d['spec']}`)")
    out += ["", "Machine limits, measured in the same run:", "",
            f"- sha256 (`openssl speed -evp sha256`, 1 MiB blocks): {mb(limits['sha256_bytes_per_s'])}",
            f"- write to /tmp (`dd bs=1M conv=fdatasync`, {limits['write_test_bytes'] >> 20} MiB): "
            f"{mb(limits['write_bytes_per_s'])}",
            f"- loopback registry read (curl of a {limits['read_test_blob_bytes'] / 1e6:.0f} MB blob): "
            f"{mb(limits['registry_read_bytes_per_s'])}",
            *([f"- loopback registry write (curl upload of that blob; the registry hashes and stores it): "
               f"{mb(limits['registry_write_bytes_per_s'])} — the ceiling of every scenario that pushes"]
              if limits.get("registry_write_bytes_per_s") else []),
            f"- serialize can at best reach min = {mb(limit_rate)}; target ≥ 0.8 × that "
            f"(ratio ≤ {1 / 0.8:.2f} in the machine-limit rows)", ""]
    floors = {name: d["set_limits"] for name, d in datasets.items() if "set_limits" in d}
    if floors:
        out += ["Per data set, with curl alone (`bench/set_limits.py`: every unique blob, 6 transfers at "
                "once on reused connections; a big blob's rate above hides the per-blob latency of "
                "small ones):", ""]
        for name, f in floors.items():
            out.append(f"- **{name}**: read {f['read_s']:.2f} s ({mb(f['read_bytes_per_s'])}); upload into an "
                       f"empty registry {f['write_s']:.2f} s ({mb(f['write_bytes_per_s'])}), the POSTs not counted")
        out.append("")
    over = [f"{r['scenario']}/{r['dataset']} ({r['ferry_peak_rss_mib']:.0f} MiB)" for r in rows
            if r["rss_target_met"] is False and r["baseline_tool"] == BASELINES[r["scenario"]][0][0]]
    out.append("Peak RSS target (≤ 64 MiB): " + ("met everywhere." if not over else "exceeded by " + ", ".join(over) + "."))
    with open(os.path.join(a.out, "results.md"), "w") as fh:
        fh.write("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
