import Foundation
import OCI
import Registry
import Streams

/// Somewhere images are written to.
public protocol ContentTarget: Sendable {
    func hasManifest(_ descriptor: Descriptor) async throws -> Bool
    func hasBlob(_ descriptor: Descriptor) async throws -> Bool
    func putBlob(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome
    func putManifest(_ manifest: ParsedManifest, tag: String?) async throws
    /// The digest `tag` points at now, if any (so an unchanged tag is not written again).
    func digest(tagged tag: String) async throws -> Digest?
    /// The tag the location names, if any (the root is stored under it).
    var tag: String? { get }
    /// The location when it names a digest (`REPO@sha256:…`): only that manifest may go there.
    var pinnedReference: Reference? { get }
    /// Whether a copy would likely mount this blob rather than upload it (a dry run's estimate).
    func canMount(_ descriptor: Descriptor, from source: Repository?) -> Bool
}

extension ContentTarget {
    public var pinnedReference: Reference? { nil }

    /// Only a registry can mount, from a repository of its own.
    public func canMount(_ descriptor: Descriptor, from source: Repository?) -> Bool { false }

    /// Refuses `root` when the location is pinned to another digest (see `DigestPinMismatch`).
    public func checkPin(receiving root: Digest) throws {
        if let pinned = pinnedReference { try DigestPinMismatch.check(pinned, receives: root) }
    }
}
