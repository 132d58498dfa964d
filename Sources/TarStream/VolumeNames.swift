import Foundation

/// The files of a stream split into volumes: `DEST.000`, `DEST.001`, … (more digits past 999).
/// Their byte concatenation is the stream.
public struct VolumeNames: Sendable, Equatable {
    /// DEST without a suffix.
    public let base: String

    public init(base: String) { self.base = base }

    /// The set whose first volume is `path`, when `path` ends in `.000`.
    public init?(firstVolume path: String) {
        guard path.hasSuffix(".000"), path.count > 4 else { return nil }
        base = String(path.dropLast(4))
    }

    public func name(_ index: Int) -> String {
        base + "." + (index < 1000 ? String(String(index + 1000).dropFirst()) : String(index))
    }

    /// Sizes of the volumes on disk, in order, up to the first one missing.
    public func existingSizes() -> [Int64] {
        var sizes: [Int64] = []
        while let size = Self.fileSize(name(sizes.count)) { sizes.append(size) }
        return sizes
    }

    /// Indexes of every volume in the directory, gaps or not (a longer earlier run's included).
    func existingIndexes() -> [Int] {
        let url = URL(fileURLWithPath: base)
        let prefix = url.lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix(prefix), let index = Int(name.dropFirst(prefix.count)), index >= 0,
                  self.name(index).hasSuffix("/" + name) || self.name(index) == name else { return nil }
            return index
        }.sorted()
    }

    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}
