import Foundation
import OCI
import Registry
import Streams

/// Somewhere images are read from. Registry and local layout implement it the same way so
/// every stage copies between any pair.
public protocol ContentSource: Sendable {
    /// The manifest the location names (tag or digest).
    func root() async throws -> ParsedManifest
    func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest
    /// The blob's bytes from `offset`, as a stream that fails at its end if they did not verify.
    func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource
    func referrers(_ digest: Digest) async throws -> [Descriptor]
    /// The manifest a tag of this repository or layout names, nil when there is no such tag
    /// (cosign's `sha256-<hex>.sig` signature tags are found this way).
    func manifest(tagged tag: String) async throws -> ParsedManifest?
    /// The registry repository, when there is one (for cross-repository mounts).
    var repository: Repository? { get }
}

extension ContentSource {
    /// Sources without tags of their own (a stream's root) have none to find.
    public func manifest(tagged tag: String) async throws -> ParsedManifest? { nil }
}
