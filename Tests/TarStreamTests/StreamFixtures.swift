import Foundation
import Streams
import TestSupport
@testable import TarStream

/// A deterministic byte pattern of any length: byte `o` is `PatternBytes.base[o % period]`.
/// The period is prime, so it never lines up with 512-byte records or device blocks, and both
/// producing and checking are memcpy/memcmp of whole runs (fast even in a debug build).
enum PatternBytes {
    static let period = 1_048_573
    static let base: [UInt8] = {
        var generator = SplitMix(state: 0x5eed)
        return (0..<period).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }()

    /// Calls `body` with the pattern's bytes from `offset`, in runs that do not wrap.
    static func forEachRun(from offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
        base.withUnsafeBytes { all in
            var done = 0
            while done < count {
                let start = Int((offset + Int64(done)) % Int64(period))
                let run = min(count - done, period - start)
                body(UnsafeRawBufferPointer(rebasing: all[start..<(start + run)]), done)
                done += run
            }
        }
    }
}

/// Streams `size` pattern bytes, generated as they are read (never held whole).
final class PatternSource: ByteSource, @unchecked Sendable {
    private let size: Int64
    private var offset: Int64 = 0

    init(size: Int64) { self.size = size }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Int(min(Int64(buffer.count), size - offset))
        guard count > 0, let target = buffer.baseAddress else { return 0 }
        PatternBytes.forEachRun(from: offset, count: count) { run, at in
            if let source = run.baseAddress { (target + at).copyMemory(from: source, byteCount: run.count) }
        }
        offset += Int64(count)
        return count
    }
}

/// Reads a source to its end and says whether it held exactly `size` pattern bytes.
func sourceMatchesPattern(_ source: any ByteSource, size: Int64) throws -> Bool {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 300_000, alignment: 16)
    defer { buffer.deallocate() }
    var offset: Int64 = 0
    while true {
        let count = try source.read(into: buffer)
        if count == 0 { return offset == size }
        guard offset + Int64(count) <= size, let base = buffer.baseAddress else { return false }
        var equal = true
        PatternBytes.forEachRun(from: offset, count: count) { run, at in
            if let expected = run.baseAddress, memcmp(base + at, expected, run.count) != 0 { equal = false }
        }
        guard equal else { return false }
        offset += Int64(count)
    }
}

/// An unbounded in-memory sink for archives built in tests.
final class MemorySink: ByteSink, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    private(set) var writeSizes: [Int] = []

    var data: Data { lock.lock(); defer { lock.unlock() }; return bytes }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        bytes.append(contentsOf: chunk)
        writeSizes.append(chunk.count)
    }
}

/// A private directory under the system temp dir, removed when the value is released.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
            .appendingPathComponent("tarstream-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// What a finished child process said.
struct ProcessResult {
    var status: Int32
    var output: String
    var error: String
}

/// Runs a program found on PATH; nil when it is not installed.
func runTool(_ name: String, _ arguments: [String]) throws -> ProcessResult? {
    guard let executable = toolPath(name) else { return nil }
    let result = try TestTools.run(executable, arguments)
    return ProcessResult(status: result.status, output: result.stdout, error: result.stderr)
}

func toolPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") + ["/usr/sbin", "/usr/bin", "/bin"] {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Builds a whole archive in memory with `TarWriter`.
func archiveBytes(_ compression: StreamCompression = .none, _ build: (TarWriter) throws -> Void) throws -> Data {
    let sink = MemorySink()
    let writer = try TarWriter(output: sink, compression: compression)
    try build(writer)
    try writer.finish()
    return sink.data
}

/// Reads every entry of an archive, returning each with its data (small archives only).
func readAll(_ data: Data) throws -> [(TarEntry, Data)] {
    let reader = try TarReader(input: DataSource(data))
    var entries: [(TarEntry, Data)] = []
    while let entry = try reader.next() {
        let sink = MemorySink()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        entries.append((entry, sink.data))
    }
    return entries
}
