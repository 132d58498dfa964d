import Foundation

/// The one byte range of a `Range: bytes=…` header a blob GET may carry (first-last, first-, or
/// -suffix). Several ranges, or another unit, are not parsed: the whole blob is sent, as RFC 9110
/// allows a server that ignores Range.
struct ByteRange: Equatable {
    let first: Int64
    let last: Int64

    var count: Int64 { last - first + 1 }

    enum Outcome: Equatable {
        case whole
        case partial(ByteRange)
        case unsatisfiable
    }

    /// What `header` asks of a blob of `size` bytes. Arithmetic never traps: numbers that do not
    /// fit an Int64 make the header unparsable (whole blob).
    static func parse(_ header: String?, size: Int64) -> Outcome {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let head = spec[..<dash], tail = spec[spec.index(after: dash)...]
        guard head.allSatisfy(\.isASCIIDigit), tail.allSatisfy(\.isASCIIDigit) else { return .whole }
        if head.isEmpty {
            guard let suffix = Int64(tail) else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(ByteRange(first: max(0, size - suffix), last: size - 1))
        }
        guard let first = Int64(head) else { return .whole }
        let last: Int64
        if tail.isEmpty {
            last = size - 1
        } else {
            guard let value = Int64(tail) else { return .whole }
            guard value >= first else { return .whole }
            last = min(value, size - 1)
        }
        guard first < size else { return .unsatisfiable }
        return .partial(ByteRange(first: first, last: last))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
