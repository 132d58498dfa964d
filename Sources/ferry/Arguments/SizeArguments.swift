import ArgumentParser
import Config

/// A size flag (`1MiB`, `512KiB`, `0`): parsed once, and shown in `--help` as it was written.
protocol SizeArgument: ExpressibleByArgument, CustomStringConvertible {
    /// The flag, for the message naming a bad value.
    static var flag: String { get }
    /// What a good value looks like, after "--flag VALUE: ".
    static var expected: String { get }
    static func accepts(_ bytes: Int64) -> Bool
    var text: String { get }
    var bytes: Int64 { get }
    init(text: String, bytes: Int64)
}

extension SizeArgument {
    init?(argument: String) {
        guard let bytes = try? ByteSize.parse(AceDTSize.humanized(argument)), Self.accepts(bytes) else {
            ArgumentRefusals.shared.refuse(argument, "\(Self.flag) \(argument): \(Self.expected)")
            return nil
        }
        self.init(text: argument, bytes: bytes)
    }

    var description: String { text }
    var defaultValueDescription: String { text }
}

/// `-b/--block-size`: bytes per write or read; a tape's block, at most 1 GiB.
struct BlockSize: SizeArgument {
    static let flag = "--block-size"
    static let expected = "a size such as 1MiB or 512KiB (at most 1GiB)"
    static func accepts(_ bytes: Int64) -> Bool { bytes > 0 && bytes <= 1 << 30 }
    static let standard = BlockSize(text: "1MiB", bytes: 1 << 20)
    let text: String
    let bytes: Int64
}

/// `-m/--buffer-size`: memory between reader and writer; 0 is one block (ace-dt's default).
struct BufferSize: SizeArgument {
    static let flag = "--buffer-size"
    static let expected = BlockSize.expected
    static func accepts(_ bytes: Int64) -> Bool { bytes == 0 || BlockSize.accepts(bytes) }
    static let standard = BufferSize(text: "8MiB", bytes: 8 << 20)
    let text: String
    let bytes: Int64
}

/// deserialize's and unarchive's `-b/--block-size`: bytes per read. 0 is ace-dt's default there
/// ("no buffer"), read here as the standard block.
struct ReadBlockSize: SizeArgument {
    static let flag = "--block-size"
    static let expected = "a size such as 1MiB or 512KiB (at most 1GiB), or 0 (ace-dt's default: 1MiB)"
    static func accepts(_ bytes: Int64) -> Bool { bytes == 0 || BlockSize.accepts(bytes) }
    static let standard = ReadBlockSize(text: "1MiB", bytes: 1 << 20)
    let text: String
    let bytes: Int64

    var readBytes: Int { Int(bytes == 0 ? Self.standard.bytes : bytes) }
}

/// ace-dt's size flags are go-humanize's, where a lowercase `m` or `mb` is mega; `ByteSize`
/// refuses a lone `m` (a Kubernetes quantity's "milli", in config files), so a flag's is read as `M`.
enum AceDTSize {
    static func humanized(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for unit in ["mb", "m"] where trimmed.hasSuffix(unit) {
            let number = trimmed.dropLast(unit.count)
            if let last = number.last, last.isNumber || last == " " || last == "." {
                return number + unit.uppercased()
            }
        }
        return text
    }
}

/// `--spool-size`: disk large blobs may take while they upload; 0 streams each straight through.
struct SpoolSize: SizeArgument {
    static let flag = "--spool-size"
    static let expected = "a size such as 1GiB or 512MiB, or 0"
    static func accepts(_ bytes: Int64) -> Bool { bytes >= 0 }
    static let standard = SpoolSize(text: "1GiB", bytes: 1 << 30)
    let text: String
    let bytes: Int64
}

/// `--split`: bytes per volume; checked against the block size once both are known.
struct SplitSize: SizeArgument {
    static let flag = "--split"
    static let expected = "a size such as 4GiB or 700MiB"
    static func accepts(_ bytes: Int64) -> Bool { bytes > 0 }
    let text: String
    let bytes: Int64
}
