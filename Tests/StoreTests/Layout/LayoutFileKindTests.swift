import Foundation
import OCI
import Testing
import TestSupport
@testable import Store

#if canImport(Glibc)
import Glibc
#endif

/// A layout is a directory anyone could have written: a blob path that is a FIFO, a device, a
/// directory or a symlink out of the layout must be refused at once, never opened and waited on.
@Suite struct LayoutFileKindTests {
    /// A layout holding one manifest (tagged `v1`) and one layer, and the paths of both blobs.
    struct World {
        let root: URL
        let layout: OCILayout
        let manifest: Descriptor
        let layer: Descriptor

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-kinds-\(UUID().uuidString)")
            layout = try OCILayout(root: root)
            let bytes = Data("layer bytes".utf8)
            layer = Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: bytes), size: Int64(bytes.count))
            try layout.ingest(layer, data: bytes)
            let config = Data("{}".utf8)
            let configDescriptor = Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256(of: config), size: 2)
            try layout.ingest(configDescriptor, data: config)
            let body = ImageManifest(schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: nil, config: configDescriptor,
                                     layers: [layer], subject: nil, annotations: nil)
            let parsed = try ParsedManifest(bytes: body.goJSON(), contentType: nil)
            manifest = parsed.descriptor
            try layout.ingest(manifest, data: parsed.bytes)
            try layout.setTag("v1", to: manifest)
        }

        /// Replaces the blob of `descriptor` with something else made by `make(path)`.
        func replace(_ descriptor: Descriptor, _ make: (String) throws -> Void) throws -> String {
            let path = layout.blobPath(descriptor.digest)
            try FileManager.default.removeItem(atPath: path)
            try make(path)
            return path
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    enum Kind: String, CaseIterable, Sendable {
        case fifo, directory, escapingSymlink, device
    }

    /// Makes `kind` at `path`; false when this system does not let the test make it.
    static func make(_ kind: Kind, at path: String, outside: URL) throws -> Bool {
        switch kind {
        case .fifo:
            guard mkfifo(path, 0o644) == 0 else { throw StoreError.io(path: path, operation: "mkfifo", errno: errno) }
        case .directory:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .escapingSymlink:
            try Data("outside the layout".utf8).write(to: outside)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside.path)
        case .device:
            // /dev/zero (1, 5): never ends, so a read of it would never finish either.
            guard mknod(path, S_IFCHR | 0o600, dev_t(1 << 8 | 5)) == 0 else { return false }
        }
        return true
    }

    @Test(arguments: Kind.allCases)
    func aBlobThatIsNotARegularFileIsRefusedAtOnce(kind: Kind) async throws {
        let world = try World()
        defer { world.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-outside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        for descriptor in [world.layer, world.manifest] {
            var made = true
            let path = try world.replace(descriptor) { made = try Self.make(kind, at: $0, outside: outside) }
            guard made else { continue }
            let content = LayoutContent(layout: world.layout, tag: "v1")
            let outcome = try await Self.promptly(unblocking: path) {
                if descriptor == world.manifest {
                    _ = try world.layout.manifest(descriptor)
                } else {
                    let source = try content.openBlob(descriptor, offset: 0)
                    defer { source.close() }
                    var buffer = [UInt8](repeating: 0, count: 64)
                    _ = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                }
            }
            let error = try #require(outcome.failure as? StoreError, "\(kind): \(outcome)")
            #expect("\(error)".contains(path), "\(error)")
            #expect("\(error)".contains("not a regular file") || "\(error)".contains("outside the layout"), "\(error)")
            // A target layout does not count such an entry as the blob it names.
            #expect(!world.layout.hasBlob(descriptor.digest))
        }
    }

    /// `blobs/sha256` itself linked to a directory elsewhere escapes the layout just the same.
    @Test func aBlobDirectoryLinkedOutsideIsRefused() throws {
        let world = try World()
        defer { world.remove() }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-elsewhere-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let blobs = world.root.appendingPathComponent("blobs/sha256")
        try FileManager.default.moveItem(at: blobs, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: blobs, withDestinationURL: elsewhere)
        let error = #expect(throws: StoreError.self) { _ = try world.layout.openBlob(world.layer.digest) }
        #expect("\(String(describing: error))".contains("outside the layout"))
        #expect(throws: StoreError.self) { _ = try world.layout.manifest(world.manifest) }
        #expect(!world.layout.hasBlob(world.layer.digest))
    }

    /// Runs `body` on its own thread; if it has not returned within 5 s (blocked in open), opens
    /// the FIFO at `path` for writing to release it, and fails.
    static func promptly(unblocking path: String, _ body: @escaping @Sendable () throws -> Void) async throws -> Result<Void, any Error> {
        let box = OutcomeBox()
        let returned = Latch("\(path) handled")
        let thread = Thread {
            box.set(Result { try body() })
            returned.signal()
        }
        thread.start()
        if await returned.opens(within: 5), let outcome = box.get() { return outcome }
        let fd = open(path, O_WRONLY | O_NONBLOCK)
        if fd >= 0 { close(fd) }
        Issue.record("blocked for 5 s on \(path)")
        return .success(())
    }

    private final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var outcome: Result<Void, any Error>?
        func set(_ value: Result<Void, any Error>) { lock.lock(); outcome = value; lock.unlock() }
        func get() -> Result<Void, any Error>? { lock.lock(); defer { lock.unlock() }; return outcome }
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
