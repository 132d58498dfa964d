import Foundation
import OCI
import Streams

extension RegistryClient {
    /// Whether `repository` already has the blob (HEAD; no body moves). `forPush` asks the push
    /// target itself, never a mirror or a rewritten path.
    public func blobExists(_ repository: Repository, digest: Digest, forPush: Bool = false) async throws -> Bool {
        let operation = "HEAD blob \(repository)@\(digest)"
        let name = wireName(repository, forPush: forPush)
        let response = try await send(Call(registry: repository.registry, method: "HEAD",
                                           path: "/v2/\(name)/blobs/\(digest)",
                                           scopes: [forPush ? .push(name) : .pull(name)], operation: operation, forPush: forPush))
        switch response.status {
        case 200...299: return true
        case 404: return false
        default: throw RegistryError.from(response, operation: operation)
        }
    }

    /// Streams a blob into `sink` while hashing it; verifies size and digest at the end.
    ///
    /// A connection that drops mid-body is resumed with `Range` from the last byte received (a
    /// server that ignores the range has its repeated prefix skipped). The sink sees bytes before
    /// they are verified, so it must not commit them until this returns.
    /// With `offset` > 0 only the tail is fetched and nothing can be verified here: the caller
    /// (an upload resume) relies on the receiving registry's digest check.
    public func fetchBlob(_ repository: Repository, descriptor: Descriptor, into sink: any ByteSink, offset: Int64 = 0) async throws {
        let operation = "GET blob \(repository)@\(descriptor.digest)"
        try Self.checkSize(descriptor, offset: offset, operation: operation)
        let receiver = RangeSink(sink, offset: offset, limit: descriptor.size,
                                 verify: offset == 0 ? descriptor.digest.algorithm : nil)
        let response = try await send(Call(registry: repository.registry, method: "GET",
                                           path: "/v2/\(pullName(repository))/blobs/\(descriptor.digest)",
                                           scopes: [.pull(pullName(repository))], operation: operation,
                                           build: { request in
                                               receiver.prepareAttempt()
                                               if receiver.position > 0 {
                                                   request.headers.set("Range", "bytes=\(receiver.position)-")
                                               }
                                               request.sink = receiver
                                           },
                                           progress: { receiver.position }))
        guard response.isSuccess else { throw RegistryError.from(response, operation: operation) }
        if receiver.position != descriptor.size {
            throw RegistryError(.sizeMismatch, operation: operation,
                                detail: "received \(receiver.position) bytes, descriptor says \(descriptor.size)")
        }
        if let actual = receiver.digest(), actual != descriptor.digest {
            throw RegistryError(.digestMismatch, operation: operation,
                                detail: "content hashes to \(actual), expected \(descriptor.digest)")
        }
    }

    /// Starts streaming a blob into a bounded pipe and returns the pipe to read from. The pipe's
    /// last read throws if the download failed or did not verify.
    public func openBlob(_ repository: Repository, descriptor: Descriptor, offset: Int64 = 0) -> any ByteSource {
        // Saturating: the size comes from a manifest, and fetchBlob refuses a bad one anyway.
        let remaining = descriptor.size.subtractingReportingOverflow(offset)
        let pipe = BlobPipe(capacity: Self.pipeCapacity(forBlobOf: remaining.overflow ? 0 : remaining.partialValue))
        let task = Task {
            do {
                try await fetchBlob(repository, descriptor: descriptor, into: pipe, offset: offset)
                pipe.finish()
            } catch {
                pipe.finish(error: error)
            }
        }
        // A reader that gives up (failed or cancelled upload) stops the download too.
        pipe.onClose { task.cancel() }
        return pipe
    }

    /// Sizes come from manifests, which are untrusted: a negative size, or an offset outside
    /// the blob, is refused before a request goes out.
    static func checkSize(_ descriptor: Descriptor, offset: Int64 = 0, operation: String) throws {
        guard descriptor.size >= 0, offset >= 0, offset <= descriptor.size else {
            throw RegistryError(.invalidInput, operation: operation,
                                detail: "descriptor size \(descriptor.size) (offset \(offset)) is impossible; the manifest naming it is broken")
        }
    }

    /// A small blob fits its pipe whole (the held-back last byte included), so a blob opened
    /// ahead of its reader downloads completely instead of stalling after a buffer's worth; a big
    /// one gets 1 MiB. What a pipe holds is bounded either way.
    public static func pipeCapacity(forBlobOf size: Int64) -> Int {
        size < 1 << 20 ? Int(max(size, 0)) + 1 : 1 << 20
    }
}

/// Counts, hashes and forwards the bytes of one blob download across retries.
// Invariant: the counters are touched only with `lock` held; `hasher` and `inner` only by the one
// thread writing the current try (tries run one after another), so they need no lock.
final class RangeSink: ResponseAwareSink, @unchecked Sendable {
    private let inner: any ByteSink
    private let hasher: DigestHasher?
    private let lock = NSLock()
    private var delivered: Int64
    private var skip: Int64 = 0
    private var requested: Int64 = 0
    private let limit: Int64

    /// `verify` names the algorithm to hash with; nil when only part of the blob passes.
    init(_ inner: any ByteSink, offset: Int64, limit: Int64, verify: Digest.Algorithm?) {
        self.inner = inner
        self.delivered = offset
        self.limit = limit
        self.hasher = verify.map { DigestHasher($0) }
    }

    /// Bytes handed on so far (the absolute position in the blob).
    var position: Int64 { lock.lock(); defer { lock.unlock() }; return delivered }

    /// Called before each try: that try asks for the bytes from `position` on.
    func prepareAttempt() {
        lock.lock(); requested = delivered; skip = 0; lock.unlock()
    }

    func begin(status: Int, headers: HTTPHeaders) throws {
        lock.lock(); defer { lock.unlock() }
        // 200 to a Range request means the whole blob again: drop what we already have.
        skip = status == 206 ? 0 : requested
        if status == 206, let range = headers["Content-Range"], !range.contains("bytes \(requested)-") {
            throw RegistryError(.protocolViolation, operation: "resume blob", detail: "server answered range \(range), asked from \(requested)")
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock()
        var chunk = bytes
        if skip > 0 {
            let dropped = Int(min(Int64(chunk.count), skip))
            skip -= Int64(dropped)
            chunk = UnsafeRawBufferPointer(rebasing: chunk[dropped...])
        }
        lock.unlock()
        guard !chunk.isEmpty else { return }
        // A server sending more than the descriptor's size must not fill a disk or a pipe.
        guard position + Int64(chunk.count) <= limit else {
            throw RegistryError(.sizeMismatch, operation: "GET blob", detail: "server sent more than the \(limit) bytes the descriptor gives")
        }
        hasher?.update(chunk)
        try inner.write(chunk)
        lock.lock(); delivered += Int64(chunk.count); lock.unlock()
    }

    func digest() -> Digest? { hasher?.finalize() }
}
