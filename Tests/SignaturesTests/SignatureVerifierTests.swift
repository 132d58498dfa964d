import ClientTestSupport
import Foundation
import OCI
import Registry
import Signatures
import Store
import Testing
import TestSupport

/// `SignatureVerifier` against a real registry holding signatures made as cosign makes them
/// (openssl key pair and signature, the `.sig` tag or a referrer).
@Suite(.serialized) struct SignatureVerifierTests {
    struct Setup {
        let server: RegistryServer
        let client: RegistryClient
        let signer: CosignSigner
        let key: SignatureKey

        func image(_ name: String, seed: UInt64) async throws -> (TestImage, SignedImage) {
            let image = try TestImage(layerSizes: [2_000], seed: seed)
            try await image.push(client, to: Repository(registry: server.host, name: name), tag: "1")
            let reference = try Reference(registry: server.host, repository: name, tag: "1")
            return (image, SignedImage(name: reference.description, digest: image.manifest.digest, repository: reference,
                                       content: RegistryContent(client: client, reference: reference)))
        }
    }

    static func setUp() async throws -> Setup {
        let server = try await RegistryServer.start(.plain)
        let signer = try CosignSigner()
        let key = try SignatureKey(pem: try Data(contentsOf: signer.publicKey), name: "cosign.pub")
        return Setup(server: server, client: makeClient(host: server.host), signer: signer, key: key)
    }

    @Test func bothStoresVerifyAndEachBadSignatureSaysWhy() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let server = setup.server
        let verifier = SignatureVerifier(keys: [setup.key])

        let (tagged, taggedImage) = try await setup.image("team/tagged", seed: 1)
        try setup.signer.push(to: server, repository: "team/tagged", subject: tagged.manifest.descriptor, store: .tag)
        #expect(try await verifier.check(taggedImage) == nil)

        let (referred, referredImage) = try await setup.image("team/referred", seed: 2)
        try setup.signer.push(to: server, repository: "team/referred", subject: referred.manifest.descriptor, store: .referrer)
        #expect(try await verifier.check(referredImage) == nil)

        let (_, unsigned) = try await setup.image("team/unsigned", seed: 3)
        #expect(try await verifier.check(unsigned) == .noSignature)

        let other = try CosignSigner()
        let (byOther, byOtherImage) = try await setup.image("team/other-key", seed: 4)
        try other.push(to: server, repository: "team/other-key", subject: byOther.manifest.descriptor, store: .tag)
        guard case .doesNotVerify(let detail) = try await verifier.check(byOtherImage) else {
            Issue.record("a signature by another key must not verify")
            return
        }
        #expect(detail.contains("is not signed by cosign.pub"))
        // Either key may have signed.
        let either = SignatureVerifier(keys: [setup.key, try SignatureKey(pem: try Data(contentsOf: other.publicKey), name: "other.pub")])
        #expect(try await either.check(byOtherImage) == nil)

        let (wrongDigest, wrongDigestImage) = try await setup.image("team/wrong-digest", seed: 5)
        let elsewhere = tagged.manifest.digest
        try setup.signer.push(to: server, repository: "team/wrong-digest", subject: wrongDigest.manifest.descriptor, store: .tag,
                              payload: CosignSigner.payload(repository: "\(server.host)/team/wrong-digest", digest: elsewhere))
        #expect(try await verifier.check(wrongDigestImage) == .otherDigest(elsewhere))

        let (wrongRepo, wrongRepoImage) = try await setup.image("team/wrong-repo", seed: 6)
        try setup.signer.push(to: server, repository: "team/wrong-repo", subject: wrongRepo.manifest.descriptor, store: .referrer,
                              payload: CosignSigner.payload(repository: "\(server.host)/team/tagged", digest: wrongRepo.manifest.digest))
        #expect(try await verifier.check(wrongRepoImage) == .otherRepository("\(server.host)/team/tagged"))

        // The payload changed after signing (a new blob, the old signature kept): it no longer verifies.
        let (tampered, tamperedImage) = try await setup.image("team/tampered", seed: 7)
        let honest = CosignSigner.payload(repository: "\(server.host)/team/tampered", digest: tampered.manifest.digest)
        let forged = CosignSigner.payload(repository: "\(server.host)/team/tampered", digest: tampered.manifest.digest) + Data(" ".utf8)
        try setup.signer.push(to: server, repository: "team/tampered", subject: tampered.manifest.descriptor, store: .tag,
                              payload: forged, signature: try setup.signer.sign(honest))
        guard case .doesNotVerify = try await verifier.check(tamperedImage) else {
            Issue.record("a tampered payload must not verify")
            return
        }

        await #expect(throws: SignatureCheckError.self) {
            _ = try await verifier.verifyAll([taggedImage, unsigned, referredImage], limit: 2)
        }
        do {
            _ = try await verifier.verifyAll([taggedImage, unsigned, referredImage], limit: 2)
        } catch let error as SignatureCheckError {
            #expect(error.verified == 2)
            #expect(error.refusals.map(\.image) == [unsigned.name])
            #expect(error.description.contains("\(unsigned.name) (\(unsigned.digest)): no signature found"))
        }
        #expect(try await verifier.verifyAll([taggedImage, referredImage, taggedImage], limit: 2) == 2)  // each image once
    }

    /// A referrer known only to the OCI 1.1 referrers API (no fallback index), read through a
    /// proxy that serves the API from the registry's storage.
    @Test func aReferrerFromTheReferrersAPIVerifies() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let proxy = try FaultProxy(upstream: setup.server.host, storageDirectory: setup.server.storageDirectory)
        proxy.servesReferrersAPI = true
        defer { proxy.stop() }
        let (image, _) = try await setup.image("team/api", seed: 9)
        try setup.signer.push(to: setup.server, repository: "team/api", subject: image.manifest.descriptor, store: .referrer,
                              payload: CosignSigner.payload(repository: "\(proxy.host)/team/api", digest: image.manifest.digest),
                              fallbackIndex: false)
        let client = makeClient(hosts: [proxy.host])
        let reference = try Reference(registry: proxy.host, repository: "team/api", tag: "1")
        let signed = SignedImage(name: "api", digest: image.manifest.digest, repository: reference,
                                 content: RegistryContent(client: client, reference: reference))
        #expect(try await SignatureVerifier(keys: [setup.key]).check(signed) == nil)
        #expect(proxy.seenRequests.contains { $0.contains("/referrers/\(image.manifest.digest)") })
    }

    @Test func aPayloadBlobThatIsNotItsDescriptorIsRefused() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let (image, signed) = try await setup.image("team/sized", seed: 8)
        // The signature manifest claims a size the blob does not have: the blob is never used.
        let payload = CosignSigner.payload(repository: "\(setup.server.host)/team/sized", digest: image.manifest.digest)
        let signature = try setup.signer.sign(payload)
        let payloadDigest = try setup.server.uploadBlob(payload, repository: "team/sized")
        let config = try setup.server.uploadBlob(Data("{}".utf8), repository: "team/sized")
        let manifest = #"{"schemaVersion":2,"mediaType":"\#(MediaType.ociManifest)","config":{"mediaType":"\#(MediaType.ociConfig)","size":2,"digest":"\#(config)"},"layers":[{"mediaType":"\#(CosignPayload.mediaType)","size":\#(payload.count + 1),"digest":"\#(payloadDigest)","annotations":{"\#(CosignPayload.signatureAnnotation)":"\#(signature)"}}]}"#
        try setup.server.putManifest(Data(manifest.utf8), mediaType: MediaType.ociManifest, repository: "team/sized",
                                     reference: CosignPayload.signatureTag(for: image.manifest.digest))
        let reason = try await SignatureVerifier(keys: [setup.key]).check(signed)
        guard case .doesNotVerify(let detail) = reason else {
            Issue.record("expected doesNotVerify, got \(String(describing: reason))")
            return
        }
        #expect(detail.contains("payload \(payloadDigest)"), "\(detail)")
    }

    @Test func onlyP256PublicKeysAreAccepted() throws {
        #expect(throws: SignatureKeyError.self) { try SignatureKey(pem: Data("not a key".utf8), name: "junk.pub") }
        let directory = try TestTools.makeTempDirectory("ferry-rsa")
        let rsa = directory.appendingPathComponent("rsa.key").path
        try TestTools.runChecked("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa])
        let pub = try TestTools.runChecked("openssl", ["pkey", "-in", rsa, "-pubout"]).stdoutData
        do {
            _ = try SignatureKey(pem: pub, name: "rsa.pub")
            Issue.record("an RSA key was accepted")
        } catch let error as SignatureKeyError {
            #expect(error.description == "signature key rsa.pub: RSA keys are not accepted; cosign key pairs are ECDSA P-256 (EC prime256v1)")
        }
    }
}
