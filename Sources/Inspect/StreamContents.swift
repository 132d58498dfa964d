import Foundation
import OCI
import Registry
import Store
import Streams

/// A scanned stream read as a content source: its root and manifests as the stream carried
/// them, and the referrers it carries (manifests whose subject is a digest). Blob bytes were not
/// kept (the scan keeps only digests and sizes), so `openBlob` is refused; image platforms come
/// from `configPlatform`. This lets the same listing code read a registry, a layout or a stream.
public struct StreamContents: ContentSource {
    public let scan: StreamScan
    private let referrerIndex: [Digest: [Descriptor]]

    public init(_ scan: StreamScan) {
        self.scan = scan
        var referrers: [Digest: [Descriptor]] = [:]
        for manifest in scan.manifests.values.sorted(by: { $0.digest < $1.digest }) {
            if let subject = manifest.subject { referrers[subject.digest, default: []].append(manifest.descriptor) }
        }
        referrerIndex = referrers
    }

    public var repository: Repository? { nil }

    public func root() async throws -> ParsedManifest {
        guard let root = scan.root else { throw InspectError.noRoot }
        return try await manifest(root)
    }

    public func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest {
        guard let manifest = scan.manifests[descriptor.digest] else { throw InspectError.notInStream(descriptor.digest) }
        return manifest
    }

    public func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource {
        throw InspectError.blobNotKept(descriptor.digest)
    }

    public func referrers(_ digest: Digest) async throws -> [Descriptor] { referrerIndex[digest] ?? [] }

    /// The platform an image config the stream carried names.
    public func configPlatform(_ digest: Digest) -> Platform? { scan.configPlatforms[digest] }
}
