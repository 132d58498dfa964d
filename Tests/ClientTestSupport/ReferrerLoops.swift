import Foundation
import OCI
import Registry

/// An OCI index listing `manifests`, as a referrers answer or a `sha256-<hex>` tag holds it.
public func referrersIndex(_ manifests: [Descriptor]) -> String {
    let index = ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: nil, manifests: manifests,
                           subject: nil, annotations: nil)
    return String(decoding: index.goJSON(), as: UTF8.self)
}

/// Makes `listing` the referrers of `subject` for a registry without the referrers API (the
/// tag-schema fallback). Unlike a real `subject` field, this can list anything, loops included.
public func pushReferrersTag(_ client: RegistryClient, _ repository: Repository, subject: Digest,
                             listing: [Descriptor]) async throws {
    let index = try ParsedManifest(bytes: Data(referrersIndex(listing).utf8), contentType: MediaType.ociIndex)
    try await client.pushManifest(index, to: repository, tag: "sha256-\(subject.encoded)")
}

/// How long a walk over looping referrers may take before the test calls it a loop. A loop never
/// ends, so the bound can be generous: a loaded 2-core machine running the whole suite can keep a
/// finite walk waiting for a thread well past the second or two it takes alone.
public let loopBound: Double = 90

/// Runs `body`, failing if it has not finished after `seconds` (a walk that loops).
public func finishing<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TestFailure("did not finish within \(seconds) s: the walk loops")
        }
        return value
    }
}
