import Foundation
import OCI
import Signatures

/// What `ferry gather` does besides copying: which platforms, extra annotations, and how to
/// treat failures.
public struct GatherOptions: Sendable {
    /// Keep only these platforms of multi-arch sources; each match becomes its own entry.
    public var platforms: [Platform]
    /// List nested indexes in the `extra-manifests` annotation instead of `manifests`, for
    /// registries that refuse an index of indexes.
    public var indexFallback: Bool
    /// Added to the gather index's annotations.
    public var annotations: [String: String]
    /// Bring signatures, SBOMs and attestations along with their subjects.
    public var referrers: Bool
    public var concurrency: Int
    /// Collect failures, finish the rest, and report them instead of stopping at the first.
    public var continueOnError: Bool
    /// The sources.list path, named in failure messages.
    public var sourceFile: String?
    /// `--verify-signatures`: every image needs a cosign signature by one of its keys.
    public var signatures: SignatureVerifier?

    public init(platforms: [Platform] = [], indexFallback: Bool = false, annotations: [String: String] = [:],
                referrers: Bool = true, concurrency: Int = 6, continueOnError: Bool = false, sourceFile: String? = nil) {
        self.platforms = platforms
        self.indexFallback = indexFallback
        self.annotations = annotations
        self.referrers = referrers
        self.concurrency = concurrency
        self.continueOnError = continueOnError
        self.sourceFile = sourceFile
    }
}
