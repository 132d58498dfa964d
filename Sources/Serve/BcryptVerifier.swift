/// Checks a password against a bcrypt hash (`$2a$`, `$2b$`, `$2y$`: what `htpasswd -B` and
/// docker-registry's htpasswd auth use). Pure Swift over Blowfish's published tables, so no
/// library beyond the project's is needed: EksBlowfish as in Provos and Mazières (1999) and
/// OpenBSD's bcrypt.c.
public enum BcryptVerifier {
    /// Whether `password` hashes to `hash`. A malformed hash never matches.
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard let parsed = ParsedHash(hash) else { return false }
        let computed = compute(password: Array(password.utf8), cost: parsed.cost, salt: parsed.salt)
        return constantTimeEqual(computed, parsed.digest)
    }

    /// The 23 bytes bcrypt publishes for `password` under `salt` at `2^cost` rounds.
    static func compute(password: [UInt8], cost: Int, salt: [UInt8]) -> [UInt8] {
        // The key is the password with its terminating NUL, at most 72 bytes ($2b$ semantics;
        // $2a$ and $2y$ agree for every password shorter than 255 bytes).
        let key = Array((password + [0]).prefix(72))
        var state = Blowfish()
        state.expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            state.expand(key: key, salt: nil)
            state.expand(key: salt, salt: nil)
        }
        var words = Blowfish.words(of: Array("OrpheanBeholderScryDoubt".utf8))
        for _ in 0..<64 {
            for i in stride(from: 0, to: words.count, by: 2) {
                (words[i], words[i + 1]) = state.encipher(words[i], words[i + 1])
            }
        }
        let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        return Array(bytes.prefix(23))
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `$2y$05$` + 22 characters of salt + 31 of hash, in bcrypt's own base64 alphabet.
    private struct ParsedHash {
        let cost: Int
        let salt: [UInt8]
        let digest: [UInt8]

        init?(_ text: String) {
            let bytes = Array(text.utf8)
            guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
                  [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
                  bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
                  let tens = Self.digit(bytes[4]), let ones = Self.digit(bytes[5]),
                  case let cost = tens * 10 + ones, (4...31).contains(cost),
                  let salt = BcryptBase64.decode(bytes[7..<29], count: 16),
                  let digest = BcryptBase64.decode(bytes[29..<60], count: 23) else { return nil }
            self.cost = cost
            self.salt = salt
            self.digest = digest
        }

        private static func digit(_ byte: UInt8) -> Int? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
        }
    }
}

/// bcrypt's base64: its own alphabet, no padding.
enum BcryptBase64 {
    static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// The first `count` bytes `characters` encode; nil on a character outside the alphabet.
    static func decode(_ characters: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        var bits: UInt32 = 0
        var held = 0
        var result: [UInt8] = []
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 6 | UInt32(value)
            held += 6
            if held >= 8 {
                held -= 8
                result.append(UInt8(truncatingIfNeeded: bits >> UInt32(held)))
                bits &= (1 << UInt32(held)) - 1
            }
        }
        return result.count >= count ? Array(result.prefix(count)) : nil
    }
}

/// Blowfish's mutable state with the expensive key schedule bcrypt needs.
struct Blowfish {
    private var p = BlowfishTables.p
    private var s = BlowfishTables.s

    /// Big-endian 32-bit words of `bytes` (a multiple of 4 long).
    static func words(of bytes: [UInt8]) -> [UInt32] {
        stride(from: 0, to: bytes.count, by: 4).map { i in
            bytes[i..<(i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
    }

    func encipher(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        var l = left ^ p[0]
        var r = right
        for i in stride(from: 1, through: 16, by: 2) {
            r ^= f(l) ^ p[i]
            l ^= f(r) ^ p[i + 1]
        }
        return (r ^ p[17], l)
    }

    private func f(_ x: UInt32) -> UInt32 {
        ((s[Int(x >> 24)] &+ s[256 + Int((x >> 16) & 0xFF)]) ^ s[512 + Int((x >> 8) & 0xFF)]) &+ s[768 + Int(x & 0xFF)]
    }

    /// EksBlowfish's ExpandKey: the key into the P-array, then the whole state re-encrypted,
    /// mixing in the salt's words as it goes (none when `salt` is nil).
    mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyPosition = 0
        for i in 0..<18 { p[i] ^= Self.nextWord(key, &keyPosition) }
        var saltPosition = 0
        var l: UInt32 = 0, r: UInt32 = 0
        for i in stride(from: 0, to: 18 + 1024, by: 2) {
            if let salt {
                l ^= Self.nextWord(salt, &saltPosition)
                r ^= Self.nextWord(salt, &saltPosition)
            }
            (l, r) = encipher(l, r)
            if i < 18 {
                p[i] = l; p[i + 1] = r
            } else {
                s[i - 18] = l; s[i - 17] = r
            }
        }
    }

    /// The next four bytes of `data` as a big-endian word, cycling through `data`.
    private static func nextWord(_ data: [UInt8], _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(data[position])
            position = (position + 1) % data.count
        }
        return word
    }
}
