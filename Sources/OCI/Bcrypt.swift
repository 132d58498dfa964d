/// bcrypt as golang.org/x/crypto/bcrypt computes it (`$2a$`, the key's trailing NUL included),
/// on OpenSSL's Blowfish block function: sprig's `bcrypt`/`htpasswd` hash with it, and `ferry
/// serve` checks htpasswd entries (`$2a$`, `$2b$`, `$2y$`, as Apache's `htpasswd -B` writes) with
/// it. OpenSSL has no bcrypt, and keeps Blowfish's initial state (the hexadecimal digits of π)
/// private, so `BlowfishDigits` computes it once.
public enum Bcrypt {
    public static let defaultCost = 10
    /// Costs bcrypt defines; a higher one would take hours per check.
    public static let costs = 4...31

    /// `$2a$COST$` + 22 characters of salt + 31 of hash, with a fresh random salt.
    public static func hash(_ password: [UInt8], cost: Int = defaultCost) throws -> String {
        hash(password, cost: cost, salt: try OpenSSL.randomBytes(16))
    }

    static func hash(_ password: [UInt8], cost: Int, salt: [UInt8]) -> String {
        let cipher = OpenSSL.Blowfish()
        let key = password + [0]
        setup(cipher, key: key, salt: salt, cost: cost)
        // "OrpheanBeholderScryDoubt", encrypted 64 times.
        var words: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]
        for pair in stride(from: 0, to: 6, by: 2) {
            (cipher.block[0], cipher.block[1]) = (words[pair], words[pair + 1])
            for _ in 0..<64 { cipher.encrypt() }
            (words[pair], words[pair + 1]) = (cipher.block[0], cipher.block[1])
        }
        let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2a$\(costText)$" + encode(salt) + encode(Array(bytes.prefix(23)))
    }

    /// EksBlowfish: the salted key schedule, then 2^cost rounds of plain key and salt schedules.
    private static func setup(_ cipher: OpenSSL.Blowfish, key: [UInt8], salt: [UInt8], cost: Int) {
        let initial = BlowfishDigits.words
        for index in 0..<18 { cipher.p[index] = initial[index] }
        for index in 0..<1024 { cipher.s[index] = initial[18 + index] }
        expand(cipher, key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            expand(cipher, key: key, salt: nil)
            expand(cipher, key: salt, salt: nil)
        }
    }

    /// Blowfish's key schedule, folding in `salt` (cyclically) before each encryption when given.
    private static func expand(_ cipher: OpenSSL.Blowfish, key: [UInt8], salt: [UInt8]?) {
        var keyPosition = 0
        for index in 0..<18 { cipher.p[index] ^= nextWord(key, &keyPosition) }
        var saltPosition = 0
        let block = cipher.block
        (block[0], block[1]) = (0, 0)
        for (table, count) in [(cipher.p, 18), (cipher.s, 1024)] {
            for index in stride(from: 0, to: count, by: 2) {
                if let salt {
                    block[0] ^= nextWord(salt, &saltPosition)
                    block[1] ^= nextWord(salt, &saltPosition)
                }
                cipher.encrypt()
                table[index] = block[0]
                table[index + 1] = block[1]
            }
        }
    }

    /// The next four bytes of `bytes` as a big-endian word, wrapping around at the end.
    private static func nextWord(_ bytes: [UInt8], _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(bytes[position])
            position = position + 1 == bytes.count ? 0 : position + 1
        }
        return word
    }

    /// Whether `hash` (`$2a$`, `$2b$` or `$2y$`, a cost from 4 to 31, 53 characters of salt and
    /// hash) is bcrypt's hash of `password`. A malformed hash matches nothing. The comparison
    /// takes the same time wherever the two differ.
    public static func verify(_ password: [UInt8], against hash: String) -> Bool {
        let text = Array(hash.utf8)
        guard text.count == 60, text[0] == UInt8(ascii: "$"), text[1] == UInt8(ascii: "2"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(text[2]),
              text[3] == UInt8(ascii: "$"), text[6] == UInt8(ascii: "$"),
              let cost = Int(String(decoding: text[4..<6], as: UTF8.self)), costs.contains(cost),
              let salt = decode(text[7..<29], count: 16) else { return false }
        let computed = Array(Self.hash(password, cost: cost, salt: salt).utf8)
        var difference: UInt8 = 0
        for index in 7..<60 { difference |= computed[index] ^ text[index] }
        return difference == 0
    }

    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// bcrypt's base64: its own alphabet, no padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let available = min(3, bytes.count - index)
            var bits: UInt32 = 0
            for offset in 0..<3 { bits = bits << 8 | (offset < available ? UInt32(bytes[index + offset]) : 0) }
            for position in 0...available { out.append(Character(UnicodeScalar(alphabet[Int((bits >> UInt32(18 - 6 * position)) & 63)]))) }
            index += 3
        }
        return out
    }

    /// The first `count` bytes `characters` encode in bcrypt's base64, or nil if one is not of its alphabet.
    static func decode(_ characters: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var bits: UInt32 = 0
        var held = 0
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 6 | UInt32(value)
            held += 6
            if held >= 8 {
                held -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(held)))
            }
        }
        return bytes.count >= count ? Array(bytes.prefix(count)) : nil
    }
}
