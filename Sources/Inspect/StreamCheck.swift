import OCI

/// The offline checks of `ferry verify` on a scanned stream: the layout documents are sane, the
/// root is there, and every manifest is complete: each descriptor it names is in the stream (or
/// known to be on the far side) with the size it declares. Each manifest is checked once.
public struct StreamCheck {
    private let scan: StreamScan
    /// Blobs the stream may leave out: the far side has them (from receipts).
    private let farSide: [Digest: Int64]
    private var problems: [StreamProblem] = []
    private var checked: Set<Digest> = []

    public init(scan: StreamScan, farSide: [Digest: Int64] = [:]) {
        self.scan = scan
        self.farSide = farSide
    }

    /// Everything wrong with the stream; empty when it is sound.
    public static func problems(of scan: StreamScan, farSide: [Digest: Int64] = [:]) -> [StreamProblem] {
        var check = StreamCheck(scan: scan, farSide: farSide)
        return check.run()
    }

    private mutating func run() -> [StreamProblem] {
        problems = scan.problems
        if !scan.sawLayoutMarker && !scan.entries.contains(where: { $0.path == "oci-layout" }) {
            problems.append(StreamProblem("oci-layout", "missing"))
        }
        guard let first = scan.indexes.first else {
            problems.append(StreamProblem("index.json", "missing"))
            return problems
        }
        guard let root = scan.root else {
            problems.append(StreamProblem("index.json", "the first one lists \(first.manifests.count) manifests; a stream's root is exactly one"))
            return problems
        }
        // ferry and ace-dt write every index.json from one value: an earlier one's descriptors are
        // in the final one unchanged, so a damaged byte in either copy shows as a difference.
        let final = scan.finalIndex?.manifests ?? []
        for earlier in scan.indexes.dropLast() {
            for descriptor in earlier.manifests where !final.contains(descriptor) {
                problems.append(StreamProblem("index.json", "the final one does not list \(descriptor.digest) as an earlier one does"))
            }
        }
        checkManifest(root)
        for descriptor in final { checkManifest(descriptor) }
        return problems
    }

    /// Checks a manifest and, through it, everything it names.
    private mutating func checkManifest(_ descriptor: Descriptor) {
        guard checked.insert(descriptor.digest).inserted else { return }
        guard let manifest = scan.manifests[descriptor.digest] else {
            if let known = farSide[descriptor.digest] {
                if known != descriptor.size { sizeProblem(descriptor, got: known, where: "the far side has") }
                return
            }
            if let size = scan.blobs[descriptor.digest] {
                let why = size > StreamScanner.documentLimit ? "\(size) bytes, more than the \(StreamScanner.documentLimit >> 20) MiB a manifest may have"
                                                            : "not a manifest (not JSON of a known manifest type)"
                problems.append(StreamProblem(ScannedEntry.blobPath(descriptor.digest), why))
            } else {
                problems.append(StreamProblem(ScannedEntry.blobPath(descriptor.digest), "missing: manifest \(descriptor.mediaType) of \(descriptor.size) bytes"))
            }
            return
        }
        if Int64(manifest.bytes.count) != descriptor.size { sizeProblem(descriptor, got: Int64(manifest.bytes.count), where: "the stream carries") }
        let extra = (try? manifest.extraManifests()) ?? []
        for child in manifest.children + extra {
            if MediaType.isManifest(child.mediaType) {
                checkManifest(child)
            } else {
                checkBlob(child, of: manifest.digest)
            }
        }
    }

    private mutating func checkBlob(_ descriptor: Descriptor, of parent: Digest) {
        if MediaType.isNonDistributable(descriptor.mediaType) { return }  // foreign layers never travel
        guard checked.insert(descriptor.digest).inserted, !scan.damaged.contains(descriptor.digest) else { return }
        if let size = scan.carried(descriptor.digest) {
            if size != descriptor.size { sizeProblem(descriptor, got: size, where: "the stream carries") }
        } else if let size = farSide[descriptor.digest] {
            if size != descriptor.size { sizeProblem(descriptor, got: size, where: "the far side has") }
        } else {
            problems.append(StreamProblem(ScannedEntry.blobPath(descriptor.digest), "missing: \(descriptor.size) bytes named by manifest \(parent)"))
        }
    }

    private mutating func sizeProblem(_ descriptor: Descriptor, got: Int64, where place: String) {
        problems.append(StreamProblem(ScannedEntry.blobPath(descriptor.digest), "size: expected \(descriptor.size) bytes, \(place) \(got)"))
    }
}
