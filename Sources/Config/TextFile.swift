import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads small text files (configs, sources lists, mapping files, credential files) with errors
/// that say why not. Pipes and process substitution (`ferry gather <(…) DEST`) work like files,
/// and `-` is standard input.
enum TextFile {
    /// More than any list or config a person writes; a bound, so `/dev/zero` cannot fill memory.
    static let maximumBytes = 64 << 20

    /// The file's text, or `ConfigError.unreadableFile` naming the reason.
    static func read(_ path: String) throws -> String {
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else { throw ConfigError.unreadableFile(path: path, reason: reason(errno)) }
            guard info.st_mode & S_IFMT != S_IFDIR else { throw ConfigError.unreadableFile(path: path, reason: "is a directory") }
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ConfigError.unreadableFile(path: path, reason: reason(errno)) }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        let data = try readAll(fd, path: path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    private static func readAll(_ fd: Int32, path: String) throws -> Data {
        do {
            return try DescriptorReader.readAll(fd, limit: maximumBytes)
        } catch .system(let code) {
            throw ConfigError.unreadableFile(path: path, reason: reason(code))
        } catch .tooLarge {
            throw ConfigError.unreadableFile(path: path, reason: "larger than \(maximumBytes >> 20) MiB; is it the right file?")
        }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
