import Foundation
import OCI

#if canImport(Glibc)
import Glibc
#endif

/// Remembers which repositories of which registry hold a blob, across runs.
///
/// Registries answer "do you have X" per repository, so a layer shared by eight images in eight
/// repositories would cross the wire eight times. With this index ferry asks the registry to
/// mount the blob from a repository that already has it instead (one small request). Entries
/// are hints, never trusted: a stale one just makes the mount fall back to an upload.
/// One small append-only file per digest keeps concurrent ferry processes safe without locks.
public final class BlobLocationIndex: Sendable {
    public let directory: URL
    /// How many repositories per digest and registry are offered as mount sources.
    static let candidatesPerRegistry = 3
    /// How many lines a digest's file keeps before it is compacted.
    static let maxLines = 64

    public init(directory: URL) {
        self.directory = directory
    }

    /// The index under the user's cache directory (`$XDG_CACHE_HOME/ferry` or `~/.cache/ferry`).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> BlobLocationIndex? {
        CacheDirectory.ferry(environment: environment).map { BlobLocationIndex(directory: $0.appendingPathComponent("blob-locations")) }
    }

    private func file(_ digest: Digest) -> URL {
        directory.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded)")
    }

    /// Notes that `registry/repository` holds `digest`. Failures are ignored: the index is a cache.
    public func record(_ digest: Digest, registry: String, repository: String) {
        let line = "\(registry)/\(repository)"
        guard !line.contains("\n") else { return }
        var lines = entries(digest)
        if lines.last == line { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = file(digest).path
        if lines.count >= Self.maxLines {
            lines.removeAll { $0 == line }
            lines = Array(lines.suffix(Self.maxLines / 2)) + [line]
            try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file(digest), options: .atomic)
            return
        }
        // One write(2) of a short line with O_APPEND is atomic with respect to other writers.
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Repositories on `registry` known to have held `digest`, most recent first.
    public func repositories(holding digest: Digest, registry: String) -> [String] {
        let prefix = registry + "/"
        var seen: Set<String> = []
        var result: [String] = []
        for line in entries(digest).reversed() where line.hasPrefix(prefix) {
            let name = String(line.dropFirst(prefix.count))
            if !name.isEmpty, seen.insert(name).inserted { result.append(name) }
            if result.count == Self.candidatesPerRegistry { break }
        }
        return result
    }

    /// Forgets a location that turned out to be wrong.
    public func forget(_ digest: Digest, registry: String, repository: String) {
        let line = "\(registry)/\(repository)"
        let lines = entries(digest)
        guard lines.contains(line) else { return }
        let kept = lines.filter { $0 != line }
        try? Data((kept.map { $0 + "\n" }.joined()).utf8).write(to: file(digest), options: .atomic)
    }

    private func entries(_ digest: Digest) -> [String] {
        guard let data = FileManager.default.contents(atPath: file(digest).path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
