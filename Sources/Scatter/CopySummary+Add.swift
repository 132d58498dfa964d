import Store
import Transfer

extension CopySummary {
    /// Two runs' counts added up (each destination has its own transfer session).
    mutating func add(_ other: CopySummary) {
        manifests += other.manifests
        manifestsExisting += other.manifestsExisting
        blobsUploaded += other.blobsUploaded
        blobsMounted += other.blobsMounted
        blobsExisting += other.blobsExisting
        bytesUploaded = bytesUploaded.addingSaturated(other.bytesUploaded)
        bytesSkipped = bytesSkipped.addingSaturated(other.bytesSkipped)
    }
}
