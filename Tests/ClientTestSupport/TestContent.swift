import Config
import Foundation
import OCI
import Registry
import Streams
import TestSupport

/// Content the registry tests push with ferry's own client and read back with skopeo (and the reverse).
public struct TestBlob: Sendable {
    public let data: Data
    public let descriptor: Descriptor

    public init(bytes count: Int, seed: UInt64, mediaType: String = MediaType.ociLayerGzip) {
        var generator = SplitMix(seed: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = UInt8(truncatingIfNeeded: generator.next()) }
        self.data = Data(bytes)
        self.descriptor = Descriptor(mediaType: mediaType, digest: Digest.sha256(of: data), size: Int64(count))
    }

    public init(json: String, mediaType: String) {
        data = Data(json.utf8)
        descriptor = Descriptor(mediaType: mediaType, digest: Digest.sha256(of: data), size: Int64(data.count))
    }
}

/// An image: a config, layers and the manifest over them, in OCI or Docker media types.
public struct TestImage: Sendable {
    public let config: TestBlob
    public let layers: [TestBlob]
    public let manifest: ParsedManifest

    /// `baseLayers` come first, as a shared base image's layers would.
    public init(layerSizes: [Int], seed: UInt64, docker: Bool = false, subject: Descriptor? = nil, artifactType: String? = nil,
                baseLayers: [TestBlob] = []) throws {
        let layerType = docker ? MediaType.dockerLayerGzip : MediaType.ociLayerGzip
        layers = baseLayers + layerSizes.enumerated().map { TestBlob(bytes: $0.element, seed: seed &* 31 &+ UInt64($0.offset), mediaType: layerType) }
        let configType = artifactType != nil ? MediaType.ociEmpty : (docker ? MediaType.dockerConfig : MediaType.ociConfig)
        config = artifactType != nil ? TestBlob(json: "{}", mediaType: configType)
            : TestBlob(json: #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"seed":\#(seed)}"#,
                       mediaType: configType)
        let body = ImageManifest(schemaVersion: 2, mediaType: docker ? MediaType.dockerManifest : MediaType.ociManifest,
                                 artifactType: artifactType, config: config.descriptor, layers: layers.map(\.descriptor),
                                 subject: subject, annotations: nil)
        manifest = try ParsedManifest(bytes: body.goJSON(), contentType: nil)
    }

    public var blobs: [TestBlob] { [config] + layers }

    /// Pushes blobs then manifest with ferry's client.
    public func push(_ client: RegistryClient, to repository: Repository, tag: String?) async throws {
        for blob in blobs {
            let data = blob.data
            try await client.pushBlob(blob.descriptor, to: repository) { offset in DataSource(data.subdata(in: Int(offset)..<data.count)) }
        }
        try await client.pushManifest(manifest, to: repository, tag: tag)
    }
}

/// An index over images, each with a platform.
public func makeIndex(_ entries: [(TestImage, Platform)], docker: Bool = false) throws -> ParsedManifest {
    let descriptors = entries.map { image, platform -> Descriptor in
        var descriptor = image.manifest.descriptor
        descriptor.platform = platform
        return descriptor
    }
    let index = ImageIndex(schemaVersion: 2, mediaType: docker ? MediaType.dockerManifestList : MediaType.ociIndex,
                           artifactType: nil, manifests: descriptors, subject: nil, annotations: nil)
    return try ParsedManifest(bytes: index.goJSON(), contentType: nil)
}

/// A client for a test registry: plain-HTTP endpoint pinned (no HTTPS probe), fast retries.
public func makeClient(host: String, scheme: String = "http", chunkSize: Int64 = 0, authFile: String? = nil,
                       certsRoots: [String] = [], stallSeconds: Int = 60) -> RegistryClient {
    makeClient(hosts: [host], scheme: scheme, chunkSize: chunkSize, authFile: authFile, certsRoots: certsRoots, stallSeconds: stallSeconds)
}

/// The same for several registries at once.
public func makeClient(hosts: [String], scheme: String = "http", chunkSize: Int64 = 0, authFile: String? = nil,
                       certsRoots: [String] = [], stallSeconds: Int = 60) -> RegistryClient {
    var configuration = FerryConfiguration()
    configuration.chunkSize = chunkSize
    for host in hosts { configuration.registries[host] = RegistrySettings(endpoints: ["\(scheme)://\(host)"]) }
    let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    let options = RegistryClientOptions(
        configuration: configuration,
        credentials: CredentialStore(authFile: authFile, environment: environment),
        certificates: CertificateDirectories(roots: certsRoots, environment: environment),
        retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.05, maxDelay: 0.5),
        limits: TransferLimits(connectTimeoutMilliseconds: 5_000, stallSeconds: stallSeconds))
    return RegistryClient(options: options)
}

/// A docker config.json holding one Basic credential.
public func writeAuthFile(host: String, username: String, password: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-auth-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let auth = Data("\(username):\(password)".utf8).base64EncodedString()
    let path = directory.appendingPathComponent("config.json").path
    try Data(#"{"auths":{"\#(host)":{"auth":"\#(auth)"}}}"#.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// skopeo's view of a manifest (an independent client), as raw bytes.
public func skopeoRawManifest(_ reference: String, extra: [String] = ["--tls-verify=false"]) throws -> Data {
    let result = try TestTools.run("skopeo", ["inspect", "--raw"] + extra + ["docker://\(reference)"])
    guard result.status == 0 else { throw TestFailure("skopeo inspect \(reference): \(result.stderr)") }
    return result.stdoutData
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
