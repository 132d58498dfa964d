import Foundation
import OCI
import Store
import Streams
import Transfer

/// `--verify-signatures`: every image must carry a cosign signature, by one of `keys`, whose
/// payload names the image's digest and repository.
///
/// Checks what cosign's `verify --key` checks for a key-pair signature (the ECDSA signature over
/// the payload bytes, the payload's digest), plus the repository the payload names, so a
/// signature copied next to another image does not vouch for it. Transparency-log and keyless
/// (certificate) checks are not made: an air-gapped side has no Rekor to ask.
public struct SignatureVerifier: Sendable {
    public let keys: [SignatureKey]
    private let finder = SignatureFinder()

    public init(keys: [SignatureKey]) {
        self.keys = keys
    }

    /// Checks every image (at most `limit` at once). Returns how many verified, counting each
    /// signed manifest or index once (platforms picked out of one index are one); throws
    /// `SignatureCheckError` naming each refused image, after checking them all.
    public func verifyAll(_ images: [SignedImage], limit: Int) async throws -> Int {
        var seen: Set<String> = []
        let images = images.filter { seen.insert("\($0.name)@\($0.digest)").inserted }
        var refusals: [Int: SignatureRefusal] = [:]
        var verified = 0
        try await forEachBounded(images, limit: limit, { image in try await check(image) }) { position, outcome in
            if let reason = try outcome.get() {
                let image = images[position]
                refusals[position] = SignatureRefusal(image: image.name, digest: image.digest, reason: reason)
            } else {
                verified += 1
            }
        }
        guard refusals.isEmpty else {
            throw SignatureCheckError(refusals: refusals.keys.sorted().compactMap { refusals[$0] }, verified: verified)
        }
        return verified
    }

    /// Nil when some signature is good, else the most telling reason none is.
    public func check(_ image: SignedImage) async throws -> SignatureRefusalReason? {
        var worst = SignatureRefusalReason.noSignature
        for stored in try await finder.signatures(of: image.digest, in: image.content) {
            guard let reason = try await judge(stored, of: image) else { return nil }
            if reason.rank() > worst.rank() { worst = reason }
        }
        return worst
    }

    /// Nil when `stored` is a good signature of `image`.
    private func judge(_ stored: StoredSignature, of image: SignedImage) async throws -> SignatureRefusalReason? {
        guard let signature = Data(base64Encoded: stored.signature) else {
            return .doesNotVerify("\(stored.origin): the signature annotation is not base64")
        }
        let payload: Data
        do {
            payload = try await Self.read(stored.payload, from: image.content)
        } catch let error as PayloadBlobError {
            return .doesNotVerify("\(stored.origin): \(error)")
        }
        guard keys.contains(where: { $0.verifies(signature: signature, of: payload) }) else {
            let names = keys.map(\.name).joined(separator: ", ")
            return .doesNotVerify("\(stored.origin): payload \(stored.payload.digest) is not signed by \(names)")
        }
        let parsed: CosignPayload
        do {
            parsed = try CosignPayload(bytes: payload)
        } catch {
            return .doesNotVerify("\(stored.origin): \(error)")
        }
        guard parsed.manifestDigest == image.digest else { return .otherDigest(parsed.manifestDigest) }
        guard Self.sameRepository(parsed.dockerReference, image.repository) else {
            return .otherRepository(parsed.dockerReference)
        }
        return nil
    }

    /// cosign writes the repository without tag (`reg.io/app`); Docker Hub's spellings
    /// (`index.docker.io/library/x`, `docker.io/x`) all name one repository.
    static func sameRepository(_ named: String, _ expected: Reference) -> Bool {
        guard let reference = try? Reference(parsing: named) else { return false }
        return reference.registry == expected.registry && reference.repository == expected.repository
    }

    /// The payload blob, refused unless its size and digest are the descriptor's; read bounded.
    static func read(_ descriptor: Descriptor, from content: any ContentSource) async throws -> Data {
        guard (0...CosignPayload.maxBytes).contains(descriptor.size) else {
            throw PayloadBlobError(reason: "payload \(descriptor.digest) is declared as \(descriptor.size) bytes, more than a payload can be")
        }
        let data: Data
        do {
            let source = try content.openBlob(descriptor, offset: 0)
            defer { source.close() }
            data = try await runOnThread {
                let sink = DataSink(limit: Int(CosignPayload.maxBytes))
                try source.copy(into: sink, bufferSize: 16 * 1024)
                return sink.data
            }
        } catch {
            throw PayloadBlobError(reason: "payload \(descriptor.digest) cannot be read as its descriptor says: \(error)")
        }
        let actual = DigestHasher.digest(of: data, algorithm: descriptor.digest.algorithm)
        guard Int64(data.count) == descriptor.size, actual == descriptor.digest else {
            throw PayloadBlobError(reason: "payload blob is \(data.count) bytes with digest \(actual), its descriptor says \(descriptor.size) bytes, \(descriptor.digest)")
        }
        return data
    }
}

/// A payload blob that is not what its descriptor says.
struct PayloadBlobError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
