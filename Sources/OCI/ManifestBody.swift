/// The decoded form of a manifest: either one image or a list of manifests.
public enum ManifestBody: Sendable, Hashable {
    case image(ImageManifest)
    case index(ImageIndex)
}
