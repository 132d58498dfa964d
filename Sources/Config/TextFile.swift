import Foundation

/// Reads small text files (configs, credential files) with errors that say why not.
enum TextFile {
    /// The file's text, or `ConfigError.unreadableFile` naming the reason.
    static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError.unreadableFile(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ConfigError.unreadableFile(path: path, reason: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadableFile(path: path, reason: "permission denied or I/O error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}
