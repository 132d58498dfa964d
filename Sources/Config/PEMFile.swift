import Foundation

/// A PEM file (a public key for `--verify-signatures`), read as small text files are: `-` is
/// standard input, and errors name the file and why it cannot be read.
public enum PEMFile {
    public static func read(_ path: String) throws -> Data {
        Data(try TextFile.read(path).utf8)
    }
}
