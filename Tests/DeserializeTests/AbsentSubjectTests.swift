import Deserialize
import Foundation
import OCI
import Store
import TestSupport
import Testing

/// A referrer whose subject the stream deliberately does not carry (the signature of the index a
/// `gather -p` platform was picked out of) is pushed as OCI 1.1 allows; everything under it must
/// still be there.
@Suite struct AbsentSubjectTests {
    /// A root index over one image, plus a signature of an index the stream does not carry.
    static func stream(_ crafted: CraftedStream, signatureLayer: Bool = true) throws -> (String, root: Descriptor, signature: Descriptor, index: Descriptor) {
        let image = try crafted.addImage(layer: Data(repeating: 7, count: 500))
        let root = try crafted.addIndex([image])
        let index = CraftedStream.absent(Data("an index left on the low side".utf8))
        let payload = Data(#"{"critical":{}}"#.utf8)
        let layer = signatureLayer ? try crafted.add(payload, mediaType: CosignPayload.mediaType) : CraftedStream.absent(payload)
        let signature = try crafted.add(try JSONEncoder().encode(ImageManifest(
            artifactType: CosignPayload.referrerArtifactType, config: try crafted.addConfig(1), layers: [layer],
            subject: Descriptor(mediaType: MediaType.ociIndex, digest: index.digest, size: index.size))), mediaType: MediaType.ociManifest)
        return (try crafted.write(roots: [root, signature]), root, signature, index)
    }

    @Test func aReferrerOfAnAbsentSubjectIsPushed() async throws {
        let crafted = try CraftedStream()
        defer { crafted.remove() }
        let (stream, root, signature, index) = try Self.stream(crafted)
        let target = LayoutContent(layout: try OCILayout(root: URL(fileURLWithPath: crafted.path("target"))), tag: "copy")
        _ = try await deserialize(stream, into: target).get()
        #expect(try target.layout.resolve(tag: "copy").digest == root.digest)
        #expect(try await target.referrers(index.digest).map(\.digest) == [signature.digest])
        #expect(!target.layout.hasBlob(index.digest))
    }

    @Test func itsOwnBlobsStillHaveToBeThere() async throws {
        let crafted = try CraftedStream()
        defer { crafted.remove() }
        let (stream, _, signature, index) = try Self.stream(crafted, signatureLayer: false)
        let target = LayoutContent(layout: try OCILayout(root: URL(fileURLWithPath: crafted.path("target"))), tag: "copy")
        let outcome = await deserialize(stream, into: target)
        #expect(throws: (any Error).self) { try outcome.get() }
        #expect(try await target.referrers(index.digest).isEmpty)
        #expect(!target.layout.hasBlob(signature.digest))
    }
}
