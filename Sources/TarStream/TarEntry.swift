/// One entry of a tar stream as `TarReader` hands it out: only the two kinds an OCI layout needs.
public struct TarEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file, directory
    }

    /// Normalised relative path: no leading "./", no trailing "/" on directories.
    public var path: String
    public var kind: Kind
    /// Data bytes of a file; 0 for a directory.
    public var size: Int64

    public init(path: String, kind: Kind, size: Int64) {
        self.path = path
        self.kind = kind
        self.size = size
    }
}
