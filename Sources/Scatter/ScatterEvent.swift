import OCI
import Store
import Transfer

/// What a scatter or clone reports as it goes.
public enum ScatterEvent: Sendable {
    case copy(CopyEvent)
    /// One destination fully written (tagged, or pushed by digest).
    case placed(source: String, destination: String, digest: Digest)
    case failure(ScatterFailure)
    /// `--verify-signatures`: this many images carry a good signature (all of them, or nothing is placed).
    case signaturesVerified(Int)
}
