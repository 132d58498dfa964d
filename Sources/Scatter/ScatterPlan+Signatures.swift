import Foundation
import OCI
import Signatures

extension ScatterPlan {
    /// Each distinct image of the plan as `--verify-signatures` checks it: the digest cosign
    /// signed (the source index's, for a platform picked out of one), the repository the source
    /// names, and the content its signatures are read from (the gather result, or the source
    /// repository for clone).
    public func signedImages() throws -> [SignedImage] {
        try placements.flatMap(\.images).map { image in
            let subject = image.subject
            var digest = subject.digest
            if let text = subject.descriptor.annotations?[AnnotationKey.sourceIndex] {
                digest = DigestHasher.digest(of: Data(text.utf8), algorithm: .sha256)
            }
            return SignedImage(name: subject.source, digest: digest, repository: try Reference(parsing: subject.source),
                               content: image.content)
        }
    }
}
