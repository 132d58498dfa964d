/// Go's `encoding/base32.StdEncoding` (RFC 4648 alphabet, `=` padding), its decoder's error
/// offsets included: sprig's `b32dec` prints them.
enum GoBase32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    struct CorruptInput: Error { var offset: Int }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: 5) {
            let block = bytes[start..<min(start + 5, bytes.count)]
            var bits: UInt64 = 0
            for (index, byte) in block.enumerated() { bits |= UInt64(byte) << UInt64(32 - 8 * index) }
            let characters = [0, 2, 4, 5, 7, 8][block.count]
            for index in 0..<8 {
                out.append(index < characters ? alphabet[Int((bits >> UInt64(35 - 5 * index)) & 31)] : UInt8(ascii: "="))
            }
        }
        return GoText.string(out)
    }

    /// `DecodeString`: newlines are dropped first; quanta of 8 characters, padding only at the end.
    static func decode(_ text: String) -> Result<[UInt8], CorruptInput> {
        let source = Array(text.utf8).filter { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let pad = UInt8(ascii: "=")
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { values[Int(character)] = UInt8(index) }
        var out: [UInt8] = []
        var read = 0
        var end = false
        while read < source.count && !end {
            var quantum = [UInt8](repeating: 0, count: 8)
            var length = 8
            var filled = 0
            while filled < 8 {
                if read == source.count { return .failure(CorruptInput(offset: read - filled)) }
                let character = source[read]
                read += 1
                let remaining = source.count - read
                if character == pad && filled >= 2 && remaining < 8 {
                    if remaining + filled < 7 { return .failure(CorruptInput(offset: source.count)) }
                    for index in 0..<(7 - filled) where remaining > index && source[read + index] != pad {
                        return .failure(CorruptInput(offset: read + index - 1))
                    }
                    (length, end) = (filled, true)
                    if [1, 3, 6].contains(length) { return .failure(CorruptInput(offset: read - 1)) }
                    break
                }
                quantum[filled] = values[Int(character)]
                if quantum[filled] == 0xFF { return .failure(CorruptInput(offset: read - 1)) }
                filled += 1
            }
            let bytes: [UInt8] = [
                quantum[0] << 3 | quantum[1] >> 2,
                quantum[1] << 6 | quantum[2] << 1 | quantum[3] >> 4,
                quantum[3] << 4 | quantum[4] >> 1,
                quantum[4] << 7 | quantum[5] << 2 | quantum[6] >> 3,
                quantum[6] << 5 | quantum[7],
            ]
            out += bytes.prefix([2: 1, 4: 2, 5: 3, 7: 4, 8: 5][length] ?? 0)
        }
        return .success(out)
    }
}
