/// bcrypt as golang.org/x/crypto/bcrypt computes it (`$2a$`, the key's trailing NUL included),
/// on OpenSSL's Blowfish block function. OpenSSL has no bcrypt, and keeps Blowfish's initial
/// state (the hexadecimal digits of π) private, so `BlowfishDigits` computes it once.
enum Bcrypt {
    static let defaultCost = 10

    /// `$2a$COST$` + 22 characters of salt + 31 of hash, with a fresh random salt.
    static func hash(_ password: [UInt8], cost: Int = defaultCost) throws -> String {
        try hash(password, cost: cost, salt: OpenSSL.randomBytes(16))
    }

    static func hash(_ password: [UInt8], cost: Int, salt: [UInt8]) throws -> String {
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

    /// bcrypt's base64: its own alphabet, no padding.
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var out = ""
        var index = 0
        while index < bytes.count {
            let available = min(3, bytes.count - index)
            var bits: UInt32 = 0
            for offset in 0..<3 { bits = bits << 8 | (offset < available ? UInt32(bytes[index + offset]) : 0) }
            for position in 0...available { out.append(alphabet[Int((bits >> UInt32(18 - 6 * position)) & 63)]) }
            index += 3
        }
        return out
    }
}

/// Blowfish's initial P-array and S-boxes: the first 8336 hexadecimal digits of π's fraction,
/// from Machin's formula π = 16·atan(1/5) − 4·atan(1/239) in 32-bit-limb fixed point.
enum BlowfishDigits {
    /// 18 P words then 4 × 256 S words.
    static let words: [UInt32] = {
        let count = 18 + 1024
        let limbs = count + 4   // integer part, the words, three guard words
        var pi = arctangent(inverse: 5, times: 16, limbs: limbs)
        var small = arctangent(inverse: 239, times: 4, limbs: limbs)
        pi.withUnsafeMutableBufferPointer { pi in small.withUnsafeMutableBufferPointer { subtract($0, from: pi, start: 0) } }
        return Array(pi[1...count])
    }()

    /// `times · atan(1/inverse)` as big-endian limbs, limb 0 the integer part. Limbs before
    /// `start` are zero in the shrinking power and term, so the loops skip them.
    private static func arctangent(inverse: UInt64, times: UInt32, limbs: Int) -> [UInt32] {
        var sum = [UInt32](repeating: 0, count: limbs)
        var power = sum
        power[0] = times
        var term = sum
        sum.withUnsafeMutableBufferPointer { sum in
            power.withUnsafeMutableBufferPointer { power in
                term.withUnsafeMutableBufferPointer { term in
                    var start = 0
                    divide(power, from: start, by: inverse)
                    var k: UInt64 = 0
                    while true {
                        while start < limbs, power[start] == 0 { start += 1 }
                        if start == limbs { break }
                        for index in start..<limbs { term[index] = power[index] }
                        divide(term, from: start, by: 2 * k + 1)
                        if k % 2 == 0 { add(term, to: sum, from: start) } else { subtract(term, from: sum, start: start) }
                        divide(power, from: start, by: inverse * inverse)
                        k += 1
                    }
                }
            }
        }
        return sum
    }

    private static func divide(_ number: UnsafeMutableBufferPointer<UInt32>, from start: Int, by divisor: UInt64) {
        var remainder: UInt64 = 0
        for index in start..<number.count {
            let current = remainder << 32 | UInt64(number[index])
            number[index] = UInt32(truncatingIfNeeded: current / divisor)
            remainder = current % divisor
        }
    }

    private static func add(_ term: UnsafeMutableBufferPointer<UInt32>, to sum: UnsafeMutableBufferPointer<UInt32>, from start: Int) {
        var carry: UInt64 = 0
        var index = sum.count - 1
        while index >= 0, index >= start || carry != 0 {
            let total = UInt64(sum[index]) + (index >= start ? UInt64(term[index]) : 0) + carry
            sum[index] = UInt32(truncatingIfNeeded: total)
            carry = total >> 32
            index -= 1
        }
    }

    private static func subtract(_ term: UnsafeMutableBufferPointer<UInt32>, from sum: UnsafeMutableBufferPointer<UInt32>, start: Int) {
        var borrow: UInt64 = 0
        var index = sum.count - 1
        while index >= 0, index >= start || borrow != 0 {
            let subtrahend = (index >= start ? UInt64(term[index]) : 0) + borrow
            borrow = UInt64(sum[index]) < subtrahend ? 1 : 0
            sum[index] = UInt32(truncatingIfNeeded: UInt64(sum[index]) &+ (borrow << 32) &- subtrahend)
            index -= 1
        }
    }
}
