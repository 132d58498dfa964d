import OCI
import TarStream

/// `ferry verify`: one offline pass over a stream, then its checks, and with receipts the
/// comparison: the blobs a `serialize` receipt lists as left out, and those `deserialize`
/// receipts say the far side holds, may be absent from the stream.
public struct StreamVerifier: Sendable {
    /// The `serialize` receipt written with the stream.
    public var receipt: String?
    /// `deserialize` receipts of the far side.
    public var farSideReceipts: [String] = []
    public var blockSize = InputDevice.defaultBlockSize

    public init() {}

    /// What was read, and everything wrong with it (empty: the stream is sound). Receipts are
    /// read (and refused when of the wrong kind, newer or changed) before the stream is.
    public func run(_ path: String) throws -> (scan: StreamScan, problems: [StreamProblem]) {
        let written = try receipt.map { try ReceiptFile.read($0, kind: .serialize) }
        var farSide: [Digest: Int64] = [:]
        for blob in written?.leftOut ?? [] { farSide[blob.digest] = blob.size }
        for path in farSideReceipts {
            for blob in try ReceiptFile.read(path, kind: .deserialize).blobs ?? [] { farSide[blob.digest] = blob.size }
        }
        let scan = try StreamScanner.scan(path, blockSize: blockSize)
        var problems = StreamCheck.problems(of: scan, farSide: farSide)
        if let written { problems += ReceiptComparison.differences(scan, written) }
        return (scan, problems)
    }
}
