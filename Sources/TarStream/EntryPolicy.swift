/// Decides which tar entries deserialize may see, and how their names read.
///
/// A stream crosses an air gap from a less trusted side: any entry that could write outside the
/// layout (absolute path, `..`), point elsewhere (links) or create something that is not plain
/// data (devices, FIFOs, sockets, sparse maps) is refused before a byte of it is used.
enum EntryPolicy {
    /// The entry as `TarReader` hands it out, `nil` for the archive root ("./"), or a refusal.
    static func admit(_ raw: RawArchiveEntry) throws -> TarEntry? {
        guard let name = raw.path, !name.isEmpty else {
            throw TarStreamError.refusedEntry(path: raw.path ?? "", reason: "empty or unreadable name")
        }
        if name.hasPrefix("/") { throw refused(name, "absolute path") }
        let components = name.split(separator: "/", omittingEmptySubsequences: true)
        if components.contains("..") { throw refused(name, "path contains a \"..\" component") }
        if name.utf8.contains(0) { throw refused(name, "NUL in name") }
        if raw.isHardLink { throw refused(name, "hard link") }
        let kind: TarEntry.Kind
        switch raw.fileType {
        case .regular?: kind = .file
        case .directory?: kind = .directory
        case .symlink?: throw refused(name, "symbolic link")
        case .characterDevice?: throw refused(name, "character device")
        case .blockDevice?: throw refused(name, "block device")
        case .fifo?: throw refused(name, "FIFO")
        case .socket?: throw refused(name, "socket")
        case nil: throw refused(name, "unsupported entry type (mode bits \(String(raw.fileTypeBits, radix: 8)))")
        }
        if raw.isSparse { throw refused(name, "sparse file") }
        if raw.size < 0 { throw refused(name, "negative size") }
        let path = normalise(components)
        guard !path.isEmpty else {
            if kind == .directory { return nil }
            throw refused(name, "a file named like the archive root")
        }
        return TarEntry(path: path, kind: kind, size: kind == .file ? raw.size : 0)
    }

    /// Drops "." components (so a leading "./" goes) and the trailing "/" of a directory.
    private static func normalise(_ components: [Substring]) -> String {
        components.filter { $0 != "." }.joined(separator: "/")
    }

    private static func refused(_ path: String, _ reason: String) -> TarStreamError {
        .refusedEntry(path: path, reason: reason)
    }
}
