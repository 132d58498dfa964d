import Foundation
import Synchronization
import OCI
import Streams

/// Opens a blob's bytes from a given offset: a file seek, or a ranged download into a pipe.
/// Uploads reopen at the registry's acknowledged offset after a failure.
public typealias BlobOpener = @Sendable (_ offset: Int64) throws -> any ByteSource

/// How a blob came to be in the target repository.
public enum BlobPushOutcome: Sendable, Equatable {
    case existed, mounted, uploaded
}

extension RegistryClient {
    /// The chunk size for uploads: the config's `chunkSize`; 0 means one monolithic PUT.
    var chunkSize: Int64 { options.configuration.chunkSize }

    /// Puts a blob into `repository` unless it is already there: HEAD first, then a cross-repository
    /// mount from the first of `mountFrom` on the same registry that has it, else a streamed upload
    /// (monolithic PUT up to the chunk size, chunked PATCHes above it, resumed after failures).
    @discardableResult
    public func pushBlob(_ descriptor: Descriptor, to repository: Repository, mountFrom: [Repository] = [],
                         open: BlobOpener) async throws -> BlobPushOutcome {
        try Self.checkSize(descriptor, operation: "upload blob \(repository)@\(descriptor.digest)")
        if try await blobExists(repository, digest: descriptor.digest, forPush: true) { return .existed }
        let operation = "upload blob \(repository)@\(descriptor.digest)"
        var candidates: [Repository] = []
        // A `noncompliant` registry (ace-dt's setting) is one that cannot be trusted with a token
        // for two repositories, which a mount needs: there, blobs are uploaded instead.
        let mounts = !(options.configuration.registries[repository.registry]?.noncompliant ?? false)
        for source in mountFrom where mounts && source.registry == repository.registry && source.name != repository.name
            && !candidates.contains(source) {
            candidates.append(source)
        }
        if let location = try await mount(descriptor.digest, into: repository, from: candidates) {
            guard let session = location else { return .mounted }
            return try await uploadWithRetries(descriptor, to: repository, session: session, open: open, operation: operation)
        }
        return try await uploadWithRetries(descriptor, to: repository, session: nil, open: open, operation: operation)
    }

    /// Tries each mount source in turn. Returns nil when there was nothing to try, `.some(nil)`
    /// when a mount succeeded, and the upload session a failed mount opened otherwise.
    /// A source that cannot be mounted from (stale hint, no pull access there) is just skipped.
    private func mount(_ digest: Digest, into repository: Repository, from sources: [Repository]) async throws -> String?? {
        guard !sources.isEmpty else { return nil }
        var session: String?
        for source in sources {
            do {
                guard let location = try await startUpload(repository, digest: digest, mountFrom: source) else {
                    if let session { await abandonUpload(session, repository: repository) }
                    return .some(nil)
                }
                if let previous = session { await abandonUpload(previous, repository: repository) }
                session = location
            } catch let error as RegistryError where error.kind != .transport {
                continue
            } catch {
                if let session { await abandonUpload(session, repository: repository) }
                throw error
            }
        }
        return session.map { .some($0) } ?? nil
    }

    /// Uploads in a session (or a new one), starting over after failures that a new try can fix.
    /// Before each new try the registry is asked whether it has the blob after all: a lost answer
    /// to a final PUT must not cost a second upload.
    private func uploadWithRetries(_ descriptor: Descriptor, to repository: Repository, session: String?,
                                   open: BlobOpener, operation: String) async throws -> BlobPushOutcome {
        var failures = 0
        var tries = 0
        var next = session
        // Bytes the source gave in this try: a try that moved data is progress (a registry that
        // restarts mid-layer), not a failure to give up on; tries in all stay bounded.
        let moved = ByteTally()
        let counted: BlobOpener = { offset in CountingSource(try open(offset)) { moved.add($0) } }
        while true {
            // Opening a session fails for good on a refusal (no push permission, no such
            // repository): only failures after the session opened are worth a new one.
            let location: String
            if let next {
                location = next
            } else if let fresh = try await startUpload(repository, digest: descriptor.digest, mountFrom: nil) {
                location = fresh
            } else {
                return .mounted
            }
            next = nil
            let session = UploadSession(location)
            moved.reset()
            tries += 1
            do {
                try await upload(descriptor, to: repository, session: session, open: counted)
                return .uploaded
            } catch {
                // Whatever ended this session (a refusal, a source that failed or did not verify,
                // a cancelled task), the registry should not keep it until its own expiry.
                await abandonUpload(session.location, repository: repository)
                guard let failure = error as? RegistryError, Self.restartable.contains(failure.kind) else {
                    throw RegistryError.wrap(error, operation: operation)
                }
                failures = moved.total > 0 ? 1 : failures + 1
                if (try? await blobExists(repository, digest: descriptor.digest, forPush: true)) == true { return .uploaded }
                if failures >= options.retry.maxAttempts || tries >= max(options.retry.maxResumes, options.retry.maxAttempts) {
                    throw failure
                }
                try await options.retry.pause(after: failures)
            }
        }
    }

    /// Failures after which a new upload session can succeed (an expired token included).
    private static let restartable: Set<RegistryError.Kind> = [.transport, .server, .tooManyRequests, .uploadLost, .unauthorized, .notFound]

    /// Cancels an upload session ferry will not use, so the registry can free it now.
    ///
    /// Best effort: one try with a short deadline, its failure ignored (the caller's own error is
    /// what matters), and run as its own task so that a cancelled push still cleans up.
    private func abandonUpload(_ location: String, repository: Repository) async {
        let call = Call(registry: repository.registry, method: "DELETE", path: location, scopes: [.push(repository.name)],
                        operation: "cancel upload \(repository)", forPush: true,
                        build: { $0.timeoutSeconds = Self.abandonTimeout }, attempts: 1)
        await Task { _ = try? await self.send(call) }.value
    }

    /// Seconds a session cancel may take.
    static let abandonTimeout = 5.0

    /// The same with at most one mount source.
    @discardableResult
    public func pushBlob(_ descriptor: Descriptor, to repository: Repository, mountFrom: Repository?,
                         open: BlobOpener) async throws -> BlobPushOutcome {
        try await pushBlob(descriptor, to: repository, mountFrom: mountFrom.map { [$0] } ?? [], open: open)
    }

    /// POST to start an upload session (or mount). Returns nil when the mount succeeded.
    private func startUpload(_ repository: Repository, digest: Digest, mountFrom: Repository?) async throws -> String? {
        var path = "/v2/\(repository.name)/blobs/uploads/"
        var scopes: [AuthScope] = [.push(repository.name)]
        if let source = mountFrom {
            path += "?mount=\(digest)&from=\(source.name)"
            scopes.append(.pull(source.name))
        }
        let operation = "start upload \(repository)@\(digest)"
        let response = try await send(Call(registry: repository.registry, method: "POST", path: path, scopes: scopes,
                                           operation: operation, forPush: true))
        if response.status == 201 && mountFrom != nil { return nil }
        guard response.status == 202, let location = response.headers["Location"] else {
            if response.isSuccess {
                throw RegistryError(.protocolViolation, operation: operation, status: response.status, detail: "no upload Location")
            }
            throw RegistryError.from(response, operation: operation)
        }
        return location
    }

    /// Streams the bytes into an open session and commits with the digest.
    private func upload(_ descriptor: Descriptor, to repository: Repository, session: UploadSession, open: BlobOpener) async throws {
        let current = OpenSource()
        defer { current.close() }
        // Cancellation closes the source: a transfer thread blocked reading a pipe wakes up.
        try await withTaskCancellationHandler {
            try await upload(descriptor, to: repository, session: session, open: open, current: current)
        } onCancel: {
            current.close()
        }
    }

    private func upload(_ descriptor: Descriptor, to repository: Repository, session: UploadSession, open: BlobOpener,
                        current: OpenSource) async throws {
        let operation = "upload blob \(repository)@\(descriptor.digest)"
        let scopes: [AuthScope] = [.push(repository.name)]
        let chunk = chunkSize
        var location = session.location {
            didSet { session.location = location }
        }
        if chunk <= 0 || descriptor.size <= chunk {
            // No padding here: distribution 2.8 neither cleans up a session whose PUT failed its
            // digest check nor cancels one whose token went stale, so a broken-off PUT stays an
            // orphan for the registry's purge whatever is sent; only a PATCH earns a fresh token.
            let size = descriptor.size
            let source = try current.replace(with: open(0))
            let response = try await send(Call(registry: repository.registry, method: "PUT",
                                               path: Self.appendQuery(location, "digest=\(descriptor.digest)"),
                                               scopes: scopes, operation: operation, forPush: true, replayable: false,
                                               build: { request in
                                                   request.headers.set("Content-Type", "application/octet-stream")
                                                   request.body = .stream(source, length: size)
                                               }))
            try Self.expectCreated(response, operation: operation)
            return
        }
        var offset: Int64 = 0
        var source = try current.replace(with: open(0))
        var failures = 0
        while offset < descriptor.size {
            let length = min(chunk, descriptor.size - offset)
            let piece = CompletingSource(LimitedSource(source, limit: length), length: length)
            let first = offset
            var padded: (any Error)?
            do {
                let response = try await send(Call(registry: repository.registry, method: "PATCH", path: location,
                                                   scopes: scopes, operation: operation, forPush: true, replayable: false,
                                                   build: { request in
                                                       request.headers.set("Content-Type", "application/octet-stream")
                                                       request.headers.set("Content-Range", "\(first)-\(first + length - 1)")
                                                       request.body = .stream(piece, length: length)
                                                   }))
                padded = piece.failure
                let next = response.status == 202 ? response.headers["Location"] : nil
                if padded != nil {
                    location = next ?? location
                } else {
                    guard let next else { throw RegistryError.from(response, operation: operation) }
                    location = next
                    offset += length
                    failures = 0
                }
            } catch let error as RegistryError where Self.resumable.contains(error.kind) {
                // Ask the registry how much it kept and go on from there with a fresh source.
                failures += 1
                if failures >= options.retry.maxAttempts { throw error }
                try await options.retry.pause(after: failures)
                let kept: Int64, next: String
                do {
                    (kept, next) = try await uploadStatus(location, repository: repository, size: descriptor.size)
                } catch {
                    // The session is gone or its state token went stale (the registry took a chunk
                    // whose answer we lost): start a new session from the first byte.
                    throw RegistryError(.uploadLost, operation: operation, detail: "upload session lost: \(error)")
                }
                offset = kept
                location = next
                source = try current.replace(with: open(offset))
            }
            // Outside the catch: bytes that never came must not be resumed over (the session
            // holds the padding now, and is cancelled with the fresh Location).
            if let padded { throw padded }
        }
        let response = try await send(Call(registry: repository.registry, method: "PUT",
                                           path: Self.appendQuery(location, "digest=\(descriptor.digest)"),
                                           scopes: scopes, operation: operation, forPush: true))
        try Self.expectCreated(response, operation: operation)
    }

    /// Chunk failures after which the same session goes on from the registry's offset: the
    /// network, the server, throttling, and an expired token (the 401 taught a fresh one).
    private static let resumable: Set<RegistryError.Kind> = [.transport, .timeout, .server, .tooManyRequests, .unauthorized]

    /// GET on an upload session: how many bytes the registry holds (`Range: 0-N`). An offset that
    /// is unreadable or beyond the blob's `size` is a protocol violation (the caller starts over).
    private func uploadStatus(_ location: String, repository: Repository, size: Int64) async throws -> (Int64, String) {
        let operation = "upload status \(repository)"
        let response = try await send(Call(registry: repository.registry, method: "GET", path: location,
                                           scopes: [.push(repository.name)], operation: operation, forPush: true))
        guard response.status == 204 || response.status == 202 else { throw RegistryError.from(response, operation: operation) }
        guard let range = response.headers["Range"] else { return (0, response.headers["Location"] ?? location) }
        guard let kept = Self.uploadedLength(range: range), kept <= size else {
            throw RegistryError(.protocolViolation, operation: operation,
                                detail: "registry reports upload range \"\(range.prefix(80))\" for a blob of \(size) bytes")
        }
        return (kept, response.headers["Location"] ?? location)
    }

    /// The byte count a `Range: 0-N` (or `bytes=0-N`) upload status stands for. distribution
    /// answers "0-0" both for nothing and for one byte, so that counts as nothing (resent from 0).
    static func uploadedLength(range: String) -> Int64? {
        let value = range.hasPrefix("bytes=") ? range.dropFirst(6) : Substring(range)
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "0", let end = Int64(parts[1].trimmingCharacters(in: .whitespaces)), end >= 0 else {
            return nil
        }
        if end == 0 { return 0 }
        let (kept, overflow) = end.addingReportingOverflow(1)
        return overflow ? nil : kept
    }

    private static func expectCreated(_ response: HTTPResponse, operation: String) throws {
        guard response.status == 201 || response.status == 204 else {
            var error = RegistryError.from(response, operation: operation)
            if error.detail.contains("DIGEST_INVALID") { error.kind = .digestMismatch }
            throw error
        }
    }

    static func appendQuery(_ url: String, _ item: String) -> String {
        url + (url.contains("?") ? "&" : "?") + item
    }
}

/// Bytes counted across threads (the source is read on a transfer thread).
private final class ByteTally: Sendable {
    private let count = Mutex<Int64>(0)

    var total: Int64 { count.withLock { $0 } }
    func add(_ bytes: Int64) { count.withLock { $0 = $0.addingSaturated(bytes) } }
    func reset() { count.withLock { $0 = 0 } }
}
