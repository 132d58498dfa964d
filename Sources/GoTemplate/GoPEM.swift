import Foundation

/// PEM blocks as Go's `encoding/pem` reads and writes them: 64-column base64, and decoding that
/// takes the first well-formed block anywhere in the text (headers such as `Proc-Type:` skipped).
enum GoPEM {
    struct Block {
        var type: String
        var bytes: [UInt8]
    }

    static func encode(type: String, _ bytes: [UInt8]) -> String {
        let body = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(body[start..<end])
            start = end
        }
        return "-----BEGIN \(type)-----\n" + lines.map { $0 + "\n" }.joined() + "-----END \(type)-----\n"
    }

    /// The first block Go's `pem.Decode` would return, or nil.
    static func decode(_ text: String) -> Block? {
        var rest = Substring(text)
        while let begin = rest.range(of: "-----BEGIN ") {
            let candidate = rest[begin.upperBound...]
            let atLineStart = begin.lowerBound == rest.startIndex || rest[rest.index(before: begin.lowerBound)] == "\n"
            rest = candidate
            guard atLineStart, let block = block(candidate) else { continue }
            return block
        }
        return nil
    }

    /// A block whose text starts right after `-----BEGIN `.
    private static func block(_ text: Substring) -> Block? {
        let lineEnd = text.firstIndex(of: "\n") ?? text.endIndex
        var typeLine = text[..<lineEnd]
        if typeLine.hasSuffix("\r") { typeLine = typeLine.dropLast() }
        guard typeLine.hasSuffix("-----") else { return nil }
        let type = String(typeLine.dropLast(5))
        guard lineEnd < text.endIndex else { return nil }
        var body = text[text.index(after: lineEnd)...]
        guard let end = body.range(of: "-----END \(type)-----") else { return nil }
        let trailing = body[end.upperBound...].prefix { $0 != "\n" }
        guard trailing.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { return nil }
        body = body[..<end.lowerBound]
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        // Headers ("Key: value") up to a blank line.
        if lines.first?.contains(":") == true {
            while let line = lines.first, !line.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        }
        let base64 = lines.joined().filter { !" \t\r\n".contains($0) }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return Block(type: type, bytes: [UInt8](data))
    }
}
