import Foundation
import OCI
import Registry
import Store
import Streams

/// The root manifest a dry run read from a stream, as a source that holds nothing else: enough
/// to plan what would follow (a scatter plan reads only the root), with nothing stored to read
/// it from. Anything beyond the root is refused with a message saying why.
public struct StreamRoot: ContentSource {
    public let manifest: ParsedManifest

    /// The root a dry-run summary carries; nil when it has none.
    public init?(_ summary: DeserializeSummary) throws {
        guard let bytes = summary.rootManifest else { return nil }
        manifest = try ParsedManifest(bytes: bytes)
    }

    public var repository: Repository? { nil }

    public func root() async throws -> ParsedManifest { manifest }

    public func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest {
        guard descriptor.digest == manifest.digest else { throw Self.nothingStored(descriptor.digest) }
        return manifest
    }

    public func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource {
        throw Self.nothingStored(descriptor.digest)
    }

    public func referrers(_ digest: Digest) async throws -> [Descriptor] { [] }

    private static func nothingStored(_ digest: Digest) -> DeserializeError {
        .badEntry(digest.description, reason: "a dry run stores nothing; only the root can be read back")
    }
}
