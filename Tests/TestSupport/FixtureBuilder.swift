import Foundation
import OCI

/// Turns an `ImageSpec` into manifest bytes and blobs in the fixture store.
///
/// Field order follows what real tools write (Go struct order for OCI, the docker CLI's for
/// Docker types) so fixtures look like registry content in the wild.
enum FixtureBuilder {
    /// Fixed creation time: configs must not change between runs.
    static let epoch = "1970-01-01T00:00:00Z"

    static func build(_ spec: ImageSpec) throws -> FixtureImage {
        let store = try FixtureBlobStore.shared()
        switch spec.kind {
        case .image(let format, let layers, let platform, let label, let annotations):
            return try image(format, layers: layers, platform: platform, label: label, annotations: annotations, store: store)
        case .index(let format, let manifests, let annotations):
            return try index(format, manifests: manifests, annotations: annotations)
        case .artifact(let artifact):
            return try self.artifact(artifact, store: store)
        }
    }

    private static func image(
        _ format: ImageSpec.Format,
        layers layerSpecs: [LayerSpec],
        platform: Platform,
        label: String,
        annotations: [String: String],
        store: FixtureBlobStore
    ) throws -> FixtureImage {
        var layers: [Descriptor] = []
        var diffIDs: [OrderedJSON] = []
        for spec in layerSpecs {
            let layer = try store.layer(spec)
            let type: String
            switch (format, spec.compressed) {
            case (.oci, true): type = MediaType.ociLayerGzip
            case (.oci, false): type = MediaType.ociLayer
            case (.docker, true): type = MediaType.dockerLayerGzip
            case (.docker, false): type = "application/vnd.docker.image.rootfs.diff.tar"
            }
            layers.append(Descriptor(mediaType: type, digest: layer.digest, size: Int64(layer.size)))
            diffIDs.append(.string(layer.diffID.description))
        }
        var configMembers: [(String, OrderedJSON)] = [
            ("created", .string(epoch)),
            ("architecture", .string(platform.architecture)),
        ]
        if let variant = platform.variant { configMembers.append(("variant", .string(variant))) }
        configMembers += [
            ("os", .string(platform.os)),
            ("config", label.isEmpty ? .object([]) : .object([("Labels", .object([("org.example.fixture", .string(label))]))])),
            ("rootfs", .object([("type", .string("layers")), ("diff_ids", .array(diffIDs))])),
        ]
        let configType = format == .oci ? MediaType.ociConfig : MediaType.dockerConfig
        let config = try store.add(OrderedJSON.object(configMembers).data(), mediaType: configType)

        let mediaType = format == .oci ? MediaType.ociManifest : MediaType.dockerManifest
        let manifest: Data
        switch format {
        case .oci:
            var members: [(String, OrderedJSON)] = [
                ("schemaVersion", .int(2)),
                ("mediaType", .string(mediaType)),
                ("config", ociDescriptor(config)),
                ("layers", .array(layers.map { ociDescriptor($0) })),
            ]
            if !annotations.isEmpty { members.append(("annotations", .sortedMap(annotations))) }
            manifest = OrderedJSON.object(members).data()
        case .docker:
            manifest = OrderedJSON.object([
                ("schemaVersion", .int(2)),
                ("mediaType", .string(mediaType)),
                ("config", dockerDescriptor(config)),
                ("layers", .array(layers.map { dockerDescriptor($0) })),
            ]).data(indent: 3)
        }
        _ = try store.add(manifest, mediaType: mediaType)
        return FixtureImage(
            mediaType: mediaType, manifest: manifest, digest: Digest.sha256(of: manifest),
            config: config, layers: layers, children: [], platform: platform,
            artifactType: nil, subject: nil, annotations: annotations.isEmpty ? nil : annotations)
    }

    private static func index(_ format: ImageSpec.Format, manifests: [ImageSpec], annotations: [String: String]) throws -> FixtureImage {
        let children = try manifests.map(build)
        let childType = format == .oci ? MediaType.ociManifest : MediaType.dockerManifest
        for child in children where child.mediaType != childType {
            throw TestSupportError.invalidInput("a \(format) index lists \(childType) manifests, not \(child.mediaType)")
        }
        let mediaType: String
        let manifest: Data
        switch format {
        case .oci:
            mediaType = MediaType.ociIndex
            var members: [(String, OrderedJSON)] = [
                ("schemaVersion", .int(2)),
                ("mediaType", .string(mediaType)),
                ("manifests", .array(children.map { ociDescriptor($0.descriptor, platform: $0.platform) })),
            ]
            if !annotations.isEmpty { members.append(("annotations", .sortedMap(annotations))) }
            manifest = OrderedJSON.object(members).data()
        case .docker:
            mediaType = MediaType.dockerManifestList
            manifest = OrderedJSON.object([
                ("schemaVersion", .int(2)),
                ("mediaType", .string(mediaType)),
                ("manifests", .array(children.map { dockerDescriptor($0.descriptor, platform: $0.platform) })),
            ]).data(indent: 3)
        }
        _ = try FixtureBlobStore.shared().add(manifest, mediaType: mediaType)
        return FixtureImage(
            mediaType: mediaType, manifest: manifest, digest: Digest.sha256(of: manifest),
            config: nil, layers: [], children: children, platform: nil,
            artifactType: nil, subject: nil, annotations: annotations.isEmpty ? nil : annotations)
    }

    private static func artifact(_ spec: ArtifactSpec, store: FixtureBlobStore) throws -> FixtureImage {
        let config = try store.add(Data("{}".utf8), mediaType: MediaType.ociEmpty)
        let payload = try store.add(spec.payload, mediaType: spec.payloadMediaType)
        let subject = Descriptor(mediaType: spec.subject.mediaType, digest: spec.subject.digest, size: spec.subject.size)
        var members: [(String, OrderedJSON)] = [
            ("schemaVersion", .int(2)),
            ("mediaType", .string(MediaType.ociManifest)),
            ("artifactType", .string(spec.artifactType)),
            ("config", ociDescriptor(config)),
            ("layers", .array([ociDescriptor(payload)])),
            ("subject", ociDescriptor(subject)),
        ]
        if !spec.annotations.isEmpty { members.append(("annotations", .sortedMap(spec.annotations))) }
        let manifest = OrderedJSON.object(members).data()
        _ = try store.add(manifest, mediaType: MediaType.ociManifest)
        return FixtureImage(
            mediaType: MediaType.ociManifest, manifest: manifest, digest: Digest.sha256(of: manifest),
            config: config, layers: [payload], children: [], platform: nil,
            artifactType: spec.artifactType, subject: subject,
            annotations: spec.annotations.isEmpty ? nil : spec.annotations)
    }

    /// An OCI descriptor in image-spec Go struct order: mediaType, digest, size, annotations,
    /// platform, artifactType.
    static func ociDescriptor(_ descriptor: Descriptor, platform: Platform? = nil) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("mediaType", .string(descriptor.mediaType)),
            ("digest", .string(descriptor.digest.description)),
            ("size", .int(Int(descriptor.size))),
        ]
        if let annotations = descriptor.annotations, !annotations.isEmpty {
            members.append(("annotations", .sortedMap(annotations)))
        }
        if let platform { members.append(("platform", platformJSON(platform))) }
        if let artifactType = descriptor.artifactType { members.append(("artifactType", .string(artifactType))) }
        return .object(members)
    }

    /// A descriptor the way the docker CLI writes one: mediaType, size, digest, platform.
    private static func dockerDescriptor(_ descriptor: Descriptor, platform: Platform? = nil) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("mediaType", .string(descriptor.mediaType)),
            ("size", .int(Int(descriptor.size))),
            ("digest", .string(descriptor.digest.description)),
        ]
        if let platform { members.append(("platform", platformJSON(platform))) }
        return .object(members)
    }

    private static func platformJSON(_ platform: Platform) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("architecture", .string(platform.architecture)),
            ("os", .string(platform.os)),
        ]
        if let variant = platform.variant { members.append(("variant", .string(variant))) }
        return .object(members)
    }
}
