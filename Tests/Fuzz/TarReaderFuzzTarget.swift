// libFuzzer entry point for TarReader. Not a SwiftPM target: bench/faults --items 5 compiles it
// with Sources/TarStream into one instrumented binary (swiftc -sanitize=fuzzer), links the debug
// build's objects of the modules TarStream imports, and runs it on the corpus of
// Tests/TarStreamTests/TarFuzzCorpus.swift for a bounded time. See docs/reliability.md.
import Foundation
import Streams

/// Reads every header and all data of one input, as deserialize would; a crash, a hang or an
/// error other than `TarStreamError` is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func tarReaderFuzzInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Data(bytes: start, count: count)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    defer { buffer.deallocate() }
    var budget = 8 << 20
    do {
        let reader = try TarReader(input: DataSource(input))
        while budget > 0, try reader.next() != nil {
            while budget > 0 {
                let n = try reader.read(into: buffer)
                if n == 0 { break }
                budget -= n
            }
        }
    } catch is TarStreamError {
        return 0
    } catch {
        fatalError("TarReader threw an untyped error: \(type(of: error)): \(error)")
    }
    return 0
}
