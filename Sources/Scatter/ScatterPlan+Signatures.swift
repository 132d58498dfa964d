import OCI
import Signatures

extension ScatterPlan {
    /// Each distinct image of the plan as `--verify-signatures` checks it: the digest cosign
    /// signed (the source index's, for a platform picked out of one), the repository the source
    /// names, and the content its signatures are read from (the gather result, or the source
    /// repository for clone).
    public func signedImages() throws -> [SignedImage] {
        try placements.flatMap(\.images).map { image in
            SignedImage(name: image.subject.source, digest: image.signedDescriptor.digest,
                        repository: try Reference(parsing: image.subject.source), content: image.content)
        }
    }
}
