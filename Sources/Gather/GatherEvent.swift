import OCI
import Store
import Transfer

/// What a gather run reports as it goes.
public enum GatherEvent: Sendable {
    case copy(CopyEvent)
    /// Every source resolved: this many images will be copied (progress knows its total).
    case resolved(images: Int)
    /// One source resolved to an image (or one platform of it) and fully copied.
    case image(source: String, digest: Digest)
    case failure(GatherFailure)
    /// Something worth telling the user that is not a failure (e.g. a source listed twice).
    case warning(String)
    /// `--verify-signatures`: this many images carry a good signature (all of them, or the run stopped).
    case signaturesVerified(Int)
}
