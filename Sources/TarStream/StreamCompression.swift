/// How the tar stream is compressed on the medium; ace-dt's `--compression` values plus `none`.
public enum StreamCompression: String, Sendable, CaseIterable {
    case none, gzip, zstd
}
