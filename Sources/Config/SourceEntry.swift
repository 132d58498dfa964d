/// One line of a sources.list: the image the user asked for and the labels to record with it.
public struct SourceEntry: Sendable, Equatable {
    /// Field 1 exactly as written (after CSV unquoting and leading-space trimming); gather puts it
    /// verbatim in the source annotations, so it is never normalized here.
    public var reference: String
    /// The `key=value` fields, validated as Kubernetes labels. A `tags=/regex/` field is not here:
    /// it became `tagSelection`.
    public var labels: [String: String]
    /// 1-based line the entry starts on, for messages about it later (unreachable image, …).
    public var line: Int
    /// nil: the reference names one image. Otherwise the repository's tags are listed and the
    /// selected ones gathered (reposync-style expansion, a ferry extension).
    public var tagSelection: TagSelection?

    public init(reference: String, labels: [String: String] = [:], line: Int, tagSelection: TagSelection? = nil) {
        self.reference = reference
        self.labels = labels
        self.line = line
        self.tagSelection = tagSelection
    }
}
