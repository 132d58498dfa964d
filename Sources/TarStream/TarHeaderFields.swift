/// The few fields of a raw 512-byte tar header `TarLayoutCheck` reads, parsed as libarchive does.
enum TarHeaderFields {
    /// Why the checksum field is not what every writer ferry reads puts there (libarchive, Go's
    /// archive/tar, GNU tar, Python's tarfile: six octal digits, NUL, space, over the unsigned sum
    /// of the header with the field as spaces), or nil. libarchive stops at the first non-digit,
    /// so a damaged NUL or space there passes its own check.
    static func checksumProblem(_ header: [UInt8]) -> String? {
        let field = header[148..<156]
        let digits = field.prefix(6)
        guard digits.allSatisfy({ (0x30...0x37).contains($0) }), header[154] == 0, header[155] == 0x20 else {
            return "checksum field \(quoted(field)) is not six octal digits, NUL, space"
        }
        let stated = digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }
        var sum = 8 * 0x20
        for (index, byte) in header.enumerated() where !(148..<156).contains(index) { sum += Int(byte) }
        return stated == sum ? nil : "checksum \(stated) but the header sums to \(sum)"
    }

    /// The size field: octal (leading spaces skipped, up to the first non-digit) or base-256.
    static func size(_ header: [UInt8]) -> Int64? {
        let field = header[124..<136]
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            // Base-256 (GNU, Go for large sizes): big-endian after the marker bit; negative is refused.
            guard first & 0x40 == 0 else { return nil }
            var value: Int64 = Int64(first & 0x3f)
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        return octal(field.drop { $0 == 0x20 || $0 == 0x09 })
    }

    /// The `size` record of PAX extended header records (`"<length> size=<decimal>\n"`), if any.
    static func paxSize(_ records: [UInt8]) -> Int64? {
        var found: Int64?
        var rest = records[...]
        while let space = rest.firstIndex(of: 0x20), let length = Int(String(decoding: rest[..<space], as: UTF8.self)),
              length > 0, length <= rest.count {
            let record = rest.prefix(length)
            let body = record[(space + 1)...].dropLast()  // without the trailing newline
            if let equals = body.firstIndex(of: UInt8(ascii: "=")), String(decoding: body[..<equals], as: UTF8.self) == "size" {
                found = Int64(String(decoding: body[(equals + 1)...], as: UTF8.self))
            }
            rest = rest.dropFirst(length)
        }
        return found
    }

    private static func octal(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in digits {
            guard (0x30...0x37).contains(byte) else { break }
            guard value < Int64.max >> 3 else { return nil }
            value = value * 8 + Int64(byte - 0x30)
        }
        return value
    }

    private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        "\"" + bytes.map { (0x21...0x7e).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined() + "\""
    }
}
