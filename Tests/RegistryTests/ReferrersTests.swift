import Config
import Foundation
import OCI
import Registry
import Testing
import ClientTestSupport
import TestSupport

/// Referrers through the tag-schema fallback (distribution 2.8 has no API) and through the API.
@Suite(.serialized) struct ReferrersTests {
    private static let signatureType = "application/vnd.example.signature"

    @Test func fallbackTagIsWrittenAndRead() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let repository = Repository(registry: server.host, name: "ref/app")
        let subject = try TestImage(layerSizes: [1_000], seed: 21)
        try await subject.push(client, to: repository, tag: "1")
        let signature = try TestImage(layerSizes: [64], seed: 22, subject: subject.manifest.descriptor, artifactType: Self.signatureType)
        let sbom = try TestImage(layerSizes: [64], seed: 23, subject: subject.manifest.descriptor, artifactType: "application/spdx+json")
        try await signature.push(client, to: repository, tag: nil)
        try await sbom.push(client, to: repository, tag: nil)

        let all = try await client.referrers(repository, digest: subject.manifest.digest)
        #expect(Set(all.map(\.digest)) == [signature.manifest.digest, sbom.manifest.digest])
        let filtered = try await client.referrers(repository, digest: subject.manifest.digest, artifactType: Self.signatureType)
        #expect(filtered.map(\.digest) == [signature.manifest.digest])
        // The fallback tag is a plain OCI index another client can read.
        let tag = "sha256-\(subject.manifest.digest.encoded)"
        #expect(try skopeoRawManifest("\(server.host)/ref/app:\(tag)").count > 0)
        #expect(try await client.referrers(repository, digest: signature.manifest.digest).isEmpty)
    }

    @Test func referrersAPIIsUsedWhenPresent() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let pushClient = makeClient(host: server.host)
        let repository = Repository(registry: server.host, name: "ref/api")
        let subject = try TestImage(layerSizes: [1_000], seed: 24)
        try await subject.push(pushClient, to: repository, tag: "1")
        let signature = try TestImage(layerSizes: [64], seed: 25, subject: subject.manifest.descriptor, artifactType: Self.signatureType)
        try await signature.push(pushClient, to: repository, tag: nil)

        let proxy = try FaultProxy(upstream: server.host, storageDirectory: server.storageDirectory)
        proxy.servesReferrersAPI = true
        defer { proxy.stop() }
        let client = makeClient(host: proxy.host)
        let found = try await client.referrers(Repository(registry: proxy.host, name: "ref/api"), digest: subject.manifest.digest,
                                               artifactType: Self.signatureType)
        #expect(found.map(\.digest) == [signature.manifest.digest])
        #expect(found.first?.artifactType == Self.signatureType)
        #expect(proxy.seenRequests.contains { $0.contains("/referrers/") })
        #expect(!proxy.seenRequests.contains { $0.contains("/manifests/sha256-") })
    }

    /// ace-dt's `endpointConfig.URL.supportsReferrers: tag`: the tag schema only, the API never
    /// asked even where it is served.
    @Test func supportsReferrersTagSkipsTheAPI() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let pushClient = makeClient(host: server.host)
        let subject = try TestImage(layerSizes: [1_000], seed: 26)
        try await subject.push(pushClient, to: Repository(registry: server.host, name: "ref/tag"), tag: "1")
        let signature = try TestImage(layerSizes: [64], seed: 27, subject: subject.manifest.descriptor, artifactType: Self.signatureType)
        try await signature.push(pushClient, to: Repository(registry: server.host, name: "ref/tag"), tag: nil)

        let proxy = try FaultProxy(upstream: server.host, storageDirectory: server.storageDirectory)
        proxy.servesReferrersAPI = true
        defer { proxy.stop() }
        var configuration = FerryConfiguration()
        configuration.registries[proxy.host] = RegistrySettings(endpoints: ["http://\(proxy.host)"])
        configuration.endpoints["http://\(proxy.host)"] = EndpointSettings(supportsReferrers: .tag)
        let client = RegistryClient(options: RegistryClientOptions(configuration: configuration))
        let found = try await client.referrers(Repository(registry: proxy.host, name: "ref/tag"), digest: subject.manifest.digest)
        #expect(found.map(\.digest) == [signature.manifest.digest])
        #expect(!proxy.seenRequests.contains { $0.contains("/referrers/") }, "\(proxy.seenRequests)")
        #expect(proxy.seenRequests.contains { $0.contains("/manifests/sha256-") }, "\(proxy.seenRequests)")
    }
}
