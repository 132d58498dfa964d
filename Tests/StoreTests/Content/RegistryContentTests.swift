import ClientTestSupport
import Foundation
import OCI
import Registry
import Streams
import Testing
import TestSupport
@testable import Store

@Suite struct RegistryContentTests {
    @Test func staleMountHintsAreForgottenAndNewLocationsRecorded() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let index = BlobLocationIndex(directory: FileManager.default.temporaryDirectory.appendingPathComponent("ferry-hints-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: index.directory) }
        let blob = TestBlob(bytes: 5_000, seed: 80)
        index.record(blob.descriptor.digest, registry: server.host, repository: "never/had/it")

        let target = RegistryContent(client: client, reference: try Reference(parsing: "\(server.host)/fresh/repo:1"), index: index)
        let data = blob.data
        #expect(try await target.putBlob(blob.descriptor, mountFrom: nil) { _ in DataSource(data) } == .uploaded)
        #expect(index.repositories(holding: blob.descriptor.digest, registry: server.host) == ["fresh/repo"])

        let other = RegistryContent(client: client, reference: try Reference(parsing: "\(server.host)/other/repo:1"), index: index)
        #expect(try await other.putBlob(blob.descriptor, mountFrom: nil) { _ in throw TestFailure("must mount") } == .mounted)
    }
}
