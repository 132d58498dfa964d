import Streams
import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport
@testable import Deserialize

/// The upload queue of `deserialize`: uploads overlap up to a count and a byte budget, finish in
/// the order they were submitted, and a failure stops the others before it is reported.
@Suite struct UploadQueueTests {
    struct Boom: Error {}

    /// One upload the test holds until it releases it, telling when it started and ended.
    final class HeldUpload: Sendable {
        let started: Latch, release: Latch, ended: Latch
        let digest: Digest

        init(_ index: Int) {
            started = Latch("upload \(index) started")
            release = Latch("upload \(index) released")
            ended = Latch("upload \(index) ended")
            digest = Digest.sha256(of: Data("upload \(index)".utf8))
        }

        func run() async throws -> UploadQueue.Done {
            defer { ended.signal() }
            started.signal()
            try await release.arrival()
            return UploadQueue.Done(digest: digest, size: 1, existed: false)
        }
    }

    @Test func submitWaitsForTheOldestUploadWhileTheLimitIsReached() async throws {
        nonisolated(unsafe) let queue = UploadQueue(limit: 2)
        let uploads = (0..<3).map(HeldUpload.init)
        try await queue.submit { try await uploads[0].run() }
        try await queue.submit { try await uploads[1].run() }
        let third = Task { try await queue.submit { try await uploads[2].run() } }
        // The second ending does not make room: submit waits for the oldest, the first.
        uploads[1].release.signal()
        try await uploads[1].ended.arrival()
        #expect(await !uploads[2].started.opens(within: 0.3), "a third upload ran beside two others")
        uploads[0].release.signal()
        try await third.value
        try await uploads[2].started.arrival()
        #expect(queue.completed().map(\.digest) == [uploads[0].digest])
        uploads[2].release.signal()
        #expect(try await queue.drain().map(\.digest) == [uploads[1].digest, uploads[2].digest])
    }

    @Test func bytesHeldBySpooledBlobsStayWithinTheByteLimit() async throws {
        nonisolated(unsafe) let queue = UploadQueue(limit: 8, byteLimit: 100)
        #expect(queue.fits(100) && !queue.fits(101), "a blob above the budget streams instead")
        let uploads = (0..<2).map(HeldUpload.init)
        try await queue.submit(holding: 60) { try await uploads[0].run() }
        // 60 + 40 fit; a blob of 50 more must wait until the first has ended.
        try await queue.submit(holding: 40) { try await uploads[1].run() }
        let roomMade = Latch("room made for 50 bytes")
        let room = Task {
            try await queue.makeRoom(for: 50)
            roomMade.signal()
        }
        #expect(await !roomMade.opens(within: 0.3), "room for 50 bytes while 100 were held")
        uploads[0].release.signal()
        // Only the oldest had to end: the second upload still runs, holding its 40 bytes.
        try await roomMade.arrival()
        try await room.value
        #expect(!uploads[1].ended.isOpen)
        uploads[1].release.signal()
        #expect(try await queue.drain().map(\.digest) == uploads.map(\.digest))
    }

    @Test func aFailureCancelsTheOthersAndIsThrownOnceTheyHaveEnded() async throws {
        nonisolated(unsafe) let queue = UploadQueue(limit: 4)
        let ended = Latch("long uploads ended", count: 2), cancelled = Latch("long uploads cancelled", count: 2)
        try await queue.submit { throw Boom() }
        for _ in 0..<2 {
            try await queue.submit {
                defer { ended.signal() }
                // A long upload (real time, not synchronisation): only a cancellation ends it early.
                // Ten minutes, so even on a loaded machine drain cannot outlast it by chance.
                do {
                    try await Task.sleep(nanoseconds: 600_000_000_000)
                } catch is CancellationError {
                    cancelled.signal()
                    throw CancellationError()
                }
                throw TestFailure("a long upload was not cancelled")
            }
        }
        await #expect(throws: Boom.self) { _ = try await queue.drain() }
        #expect(ended.isOpen, "drain returned while uploads still ran")
        #expect(cancelled.isOpen, "the long uploads were waited out, not cancelled")
    }

    @Test func aFailedUploadFailsTheSubmitThatWaitsForIt() async throws {
        nonisolated(unsafe) let queue = UploadQueue(limit: 1)
        try await queue.submit { throw Boom() }
        let second = HeldUpload(1)
        await #expect(throws: Boom.self) { try await queue.submit { try await second.run() } }
        #expect(!second.started.isOpen, "an upload started after an earlier one failed")
        await queue.cancelAndWait()
    }

    /// Real uploads to a registry, several at once: every blob arrives, reported in submission
    /// order, and a second round finds them all there.
    @Test func uploadsToARegistryFinishInSubmissionOrder() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let repository = Repository(registry: server.host, name: "queue/blobs")
        let blobs = (0..<6).map { TestBlob(bytes: 20_000 + $0 * 1000, seed: 300 + UInt64($0)) }
        for round in 0..<2 {
            let queue = UploadQueue(limit: 3, byteLimit: 50_000)
            for blob in blobs {
                try await queue.submit(holding: blob.descriptor.size) {
                    let outcome = try await client.pushBlob(blob.descriptor, to: repository) { _ in DataSource(blob.data) }
                    return UploadQueue.Done(digest: blob.descriptor.digest, size: blob.descriptor.size, existed: outcome == .existed)
                }
            }
            let done = try await queue.drain()
            #expect(done.map(\.digest) == blobs.map(\.descriptor.digest))
            #expect(done.allSatisfy { $0.existed == (round == 1) }, "round \(round)")
        }
        for blob in blobs {
            #expect(try await client.blobExists(repository, digest: blob.descriptor.digest))
        }
    }
}
