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
