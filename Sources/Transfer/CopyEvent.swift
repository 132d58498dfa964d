import Foundation
import OCI
import Registry

/// Progress of a copy, for the progress bar and `--json` lines.
public enum CopyEvent: Sendable {
    case blob(Descriptor, BlobPushOutcome)
    case manifest(Descriptor, existed: Bool)
    /// Bytes moved since the previous event of this kind.
    case bytes(Int64)
}
