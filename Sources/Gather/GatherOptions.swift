import Foundation
import OCI

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

/// A source that could not be gathered, named by file line and reference.
public struct GatherFailure: Error, Sendable, CustomStringConvertible {
    public var reference: String
    public var line: Int
    public var message: String
    public var file: String?

    public init(reference: String, line: Int, message: String, file: String? = nil) {
        self.reference = reference
        self.line = line
        self.message = message
        self.file = file
    }

    public var description: String { "\(file.map { "\($0):" } ?? "line ")\(line): \(reference): \(message)" }
}

/// The destination could not be reached or read before anything was gathered.
public struct GatherDestinationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "destination: \(message)" }
}

/// Several sources failed under `--continue`.
public struct GatherPartialFailure: Error, Sendable, CustomStringConvertible {
    public var failures: [GatherFailure]
    public var description: String {
        "\(failures.count) source(s) failed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
    }
}
