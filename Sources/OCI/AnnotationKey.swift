/// Annotation keys ferry shares with ace-dt (FORMATS.md "Annotations"); the strings are exact
/// because archives and gather indexes are read by both tools.
public enum AnnotationKey {
    /// On each manifest descriptor of a gather index: the reference as the user wrote it.
    public static let manifestSource = "vnd.act3-ace.manifest.source"
    /// Standard OCI name annotation; ace-dt sets it to the same reference as `manifestSource`.
    public static let refName = "org.opencontainers.image.ref.name"
    /// JSON map of the sources.list labels of that source.
    public static let labels = "data.act3-ace.io/labels"
    /// Original index bytes of a manifest picked out of a multi-arch index by a platform filter.
    public static let sourceIndex = "data.act3-ace.io/source-index"
    /// Version of the tool that gathered or serialized.
    public static let dataVersion = "vnd.act3-ace.data.version"
    /// Sum of all blob sizes, counting repeats.
    public static let layerSizeTotal = "vnd.act3-ace.data.layer.size.total"
    /// Sum of unique blob sizes: what crosses the gap. Scatter requires it.
    public static let layerSizeDeduplicated = "vnd.act3-ace.data.layer.size.deduplicated"
    /// JSON array of descriptors of nested manifests that do not fit the index (index-fallback).
    public static let extraManifests = "vnd.act3-ace.data.extra-manifests"
    /// Stream format version in a serialized stream's index.json (`"2"`).
    public static let serializationVersion = "vnd.act3-ace.data.serialization.version"
    /// Checkpoint lines: stream bytes written once this entry was complete.
    public static let offset = "vnd.act3-ace.data.offset"
}
