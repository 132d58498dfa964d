import Config
import Testing

private let validSizes: [(String, Int64)] = [
        ("512", 512),
        ("0", 0),
        ("512B", 512),
        ("100Mi", 100 * 1024 * 1024),
        ("1MiB", 1_048_576),
        ("1MB", 1_000_000),
        ("1M", 1_000_000),
        ("1.5GB", 1_500_000_000),
        ("1.5Gi", 1_610_612_736),
        ("2G", 2_000_000_000),
        ("1Ki", 1024),
        ("1KiB", 1024),
        ("1k", 1000),
        ("1K", 1000),
        ("1kB", 1000),
        ("3T", 3_000_000_000_000),
        ("1Ti", 1_099_511_627_776),
        ("1Ei", 1_152_921_504_606_846_976),
        (" 64 Mi ", 64 * 1024 * 1024),
        ("0.5k", 500),
        ("1.0001k", 1001),  // a fractional byte rounds up, as Kubernetes quantities do
        ("9223372036854775807", Int64.max),
]

@Suite struct ByteSizeTests {
    @Test(arguments: validSizes)
    func parsesSizes(text: String, bytes: Int64) throws {
        #expect(try ByteSize.parse(text) == bytes)
    }

    @Test(arguments: [
        "", "-1", "-5Mi", "abc", "Mi", "12XB", "1.2.3", "10m", "1 Mi B", "5MiBB",
        "9223372036854775808", "9Ei", "100000000000000000000", "1e3",
    ])
    func rejectsBadSizes(text: String) {
        #expect(throws: ConfigError.self) { try ByteSize.parse(text) }
    }

    @Test func errorNamesTheText() {
        #expect {
            try ByteSize.parse("12XB")
        } throws: { error in
            "\(error)".contains("12XB")
        }
    }
}
