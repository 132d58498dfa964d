import Config
import OCI

/// What scatter and clone do besides mapping: which images, how, and how to treat failures.
public struct ScatterOptions: Sendable {
    /// Only these sources (a sources.list; `--subset`). nil: all.
    public var subset: [SourceEntry]?
    /// Label selectors (`-l`); an image is kept when any one matches (ace-dt ORs them). Empty: all.
    public var selectors: [LabelSelector]
    /// Bring signatures, SBOMs and attestations along with their subjects.
    public var referrers: Bool
    public var concurrency: Int
    /// Collect failures, finish the rest, and report them instead of stopping at the first.
    public var continueOnError: Bool
    /// An image no rule maps is an error (before anything is pushed) instead of a warning.
    public var strict: Bool
    /// clone only: keep these platforms of multi-arch sources.
    public var platforms: [Platform]
    /// clone only: the sources.list path, named in failure messages.
    public var sourceFile: String?

    public init(subset: [SourceEntry]? = nil, selectors: [LabelSelector] = [], referrers: Bool = true, concurrency: Int = 6,
                continueOnError: Bool = false, strict: Bool = false, platforms: [Platform] = [], sourceFile: String? = nil) {
        self.subset = subset
        self.selectors = selectors
        self.referrers = referrers
        self.concurrency = concurrency
        self.continueOnError = continueOnError
        self.strict = strict
        self.platforms = platforms
        self.sourceFile = sourceFile
    }
}
