import OCI

/// `verify --receipt`: a scanned stream against the `serialize` receipt written with it. The
/// stream's sha256 and size and every entry (path, digest, size, end offset, in order) must be
/// what the receipt says; each difference is named.
public enum ReceiptComparison {
    public static func differences(_ scan: StreamScan, _ receipt: Receipt) -> [StreamProblem] {
        var problems: [StreamProblem] = []
        if let stream = receipt.stream {
            if scan.streamSize != stream.size {
                problems.append(StreamProblem("stream", "size: receipt \(stream.size) bytes, read \(scan.streamSize)"))
            }
            if let digest = scan.streamDigest, digest != stream.sha256 {
                problems.append(StreamProblem("stream", "sha256: receipt \(stream.sha256), read \(digest)"))
            }
        }
        let expected = receipt.entries ?? []
        for (position, want) in expected.enumerated() {
            guard position < scan.entries.count else {
                problems.append(StreamProblem(want.path, "missing: entry \(position + 1) of the receipt's \(expected.count) is not in the stream"))
                continue
            }
            let got = scan.entries[position]
            var differences: [String] = []
            if got.path != want.path { differences.append("path: receipt \(want.path), read \(got.path)") }
            if got.digest != want.digest { differences.append("digest: receipt \(want.digest), read \(got.digest)") }
            if got.size != want.size { differences.append("size: receipt \(want.size), read \(got.size)") }
            if got.end != want.end { differences.append("end offset: receipt \(want.end), read \(got.end)") }
            if !differences.isEmpty {
                problems.append(StreamProblem(want.path, "entry \(position + 1): " + differences.joined(separator: "; ")))
            }
        }
        for extra in scan.entries.dropFirst(expected.count) {
            problems.append(StreamProblem(extra.path, "not in the receipt"))
        }
        if let root = scan.root, root.digest != receipt.root.digest {
            problems.append(StreamProblem("index.json", "root: receipt \(receipt.root.digest), read \(root.digest)"))
        }
        return problems
    }
}
