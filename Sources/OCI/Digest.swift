import Foundation

/// A content digest such as `sha256:<64 hex>`.
///
/// Digests become file names (`blobs/sha256/<hex>`) and URL path segments, so the encoded part
/// is validated to be lowercase hex of exactly the algorithm's length before a value exists:
/// untrusted input can never smuggle `/` or `..` through a `Digest`.
public struct Digest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Hash algorithms the OCI image spec registers.
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha256, sha512

        /// Length of the hex encoding; digests of any other length are rejected.
        public var hexLength: Int {
            switch self {
            case .sha256: return 64
            case .sha512: return 128
            }
        }
    }

    public let algorithm: Algorithm
    /// Lowercase hex of the hash.
    public let encoded: String

    /// Parses `algorithm:hex`; throws `OCIError.invalidDigest` naming the string otherwise.
    public init(_ string: String) throws {
        guard Digest.validationFailure(string) == nil,
              let colon = string.firstIndex(of: ":"),
              let algorithm = Algorithm(rawValue: String(string[..<colon]))
        else { throw OCIError.invalidDigest(string) }
        self.init(unchecked: algorithm, encoded: String(string[string.index(after: colon)...]))
    }

    /// Builds a digest from its parts, validating the hex against the algorithm.
    public init(algorithm: Algorithm, encoded: String) throws {
        try self.init("\(algorithm.rawValue):\(encoded)")
    }

    /// For hex produced by our own hasher, which is valid by construction.
    init(unchecked algorithm: Algorithm, encoded: String) {
        self.algorithm = algorithm
        self.encoded = encoded
    }

    public var description: String { "\(algorithm.rawValue):\(encoded)" }

    /// SHA-256 of an in-memory buffer (manifests, configs); stream large blobs through `SHA256Hasher`.
    public static func sha256(of data: Data) -> Digest {
        let hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        lhs.description < rhs.description
    }

    /// Why `string` is not a valid digest, or nil if it is. Shared by the parser and the error
    /// message so the two can never disagree.
    static func validationFailure(_ string: String) -> String? {
        guard let colon = string.firstIndex(of: ":") else {
            return "expected algorithm:hex, e.g. sha256:<64 hex digits>"
        }
        let name = String(string[..<colon])
        guard let algorithm = Algorithm(rawValue: name) else {
            return name.isEmpty ? "missing algorithm before ':'" : "unsupported algorithm \(GoJSON.quote(name))"
        }
        let hex = string.utf8[string.utf8.index(after: colon)...]
        guard hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            return "encoded part must be lowercase hex"
        }
        guard hex.count == algorithm.hexLength else {
            return "\(algorithm.rawValue) needs \(algorithm.hexLength) hex digits, got \(hex.count)"
        }
        return nil
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
