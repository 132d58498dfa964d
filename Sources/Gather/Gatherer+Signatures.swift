import OCI
import Resolve
import Signatures
import Store

extension Gatherer {
    /// `--verify-signatures`: each resolved image needs a good cosign signature in its own
    /// repository; one refused image stops the run before anything is copied, as a bad
    /// sources.list line does.
    func checkSignatures(_ resolved: [ResolvedSource]) async throws {
        guard let verifier = options.signatures else { return }
        let images = resolved.map { source in
            // Picked out of a multi-arch index by --platforms: the index is what was signed.
            SignedImage(name: source.text, digest: source.sourceIndex?.digest ?? source.root.digest, repository: source.reference,
                        content: RegistryContent(client: client, reference: source.reference))
        }
        events(.signaturesVerified(try await verifier.verifyAll(images, limit: options.concurrency)))
    }
}
