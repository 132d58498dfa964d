extension ParsedManifest {
    /// The largest manifest registries take (distribution and most others refuse more than 4 MiB).
    public static let byteLimit: Int64 = 4 << 20
    /// Descriptors one manifest may list: far above any real image (Docker stops at 127 layers)
    /// or gather index (its annotated entries fill `byteLimit` well before this), and low
    /// enough that walking a hostile one stays cheap.
    public static let descriptorLimit = 20_000

    /// Every descriptor this manifest lists: children, extra manifests and subject.
    public var descriptorCount: Int {
        children.count + ((try? extraManifests())?.count ?? 0) + (subject == nil ? 0 : 1)
    }

    /// Refuses a manifest a registry would not take or that is hostile to walk: over
    /// `byteLimit` bytes, or listing more than `descriptorLimit` descriptors.
    public func checkLimits() throws {
        if Int64(bytes.count) > Self.byteLimit {
            throw OCIError.invalidManifest(reason: "\(bytes.count) bytes, more than the \(Self.byteLimit >> 20) MiB registries take")
        }
        let count = descriptorCount
        if count > Self.descriptorLimit {
            throw OCIError.invalidManifest(reason: "\(count) descriptors, more than the \(Self.descriptorLimit) one manifest may list")
        }
    }
}
