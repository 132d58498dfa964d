import TarStream

/// The entry order `--strict` holds a stream to, as ace-dt's strict mode does: `oci-layout`
/// first, then `index.json`, then blobs; at most two `index.json` (the opening one naming the
/// root and the closing one listing every manifest), blobs after either. ace-dt's own streams,
/// and ferry's, are written this way, so a stream out of this order was made or edited by
/// something else. Unlike ace-dt, `manifest.json` is accepted after the closing `index.json`,
/// where `serialize --manifest-json` (ace-dt's and ferry's) writes it.
struct StrictEntryOrder {
    private enum Stage { case layout, index, blobs }
    private var stage = Stage.layout
    private var indexCount = 0

    /// Checks the next entry; directories under `blobs/` are not entries of the order.
    mutating func admit(_ entry: TarEntry) throws {
        if entry.kind == .directory { return }
        switch entry.path {
        case "oci-layout":
            guard stage == .layout else { throw Self.refusal(entry, "oci-layout must be the first entry") }
            stage = .index
        case "index.json":
            indexCount += 1
            guard indexCount <= 2 else {
                throw Self.refusal(entry, "a stream has two index.json (the opening one and the closing one), this is the third")
            }
            if stage == .blobs { stage = .index }
            guard stage == .index else { throw Self.refusal(entry, "index.json must follow oci-layout") }
            stage = .blobs
        case "manifest.json":
            guard indexCount == 2 else { throw Self.refusal(entry, "manifest.json comes only after the closing index.json") }
        case let path where path.hasPrefix("blobs/"):
            guard stage == .blobs else { throw Self.refusal(entry, "blobs come only after oci-layout and index.json") }
        default:
            return  // not part of a layout: the reader refuses it as unexpected
        }
    }

    private static func refusal(_ entry: TarEntry, _ rule: String) -> DeserializeError {
        .outOfOrder(entry.path, rule: rule)
    }
}
