import Foundation
import OCI

/// Builds deterministic test images and pushes them to a `RegistryServer` with skopeo, an
/// independent client, so ferry is always tested against content it did not write itself.
///
/// Pushes use `skopeo copy --all --preserve-digests` (from an OCI layout for OCI fixtures, from
/// containers/image's `dir:` format for Docker-typed ones) and check skopeo's reported digest
/// against the fixture's, so a fixture on the registry is exactly the bytes `FixtureImage` holds.
public enum ImageFixture {
    /// Builds `spec` locally (blobs in a process-wide cache) without pushing it.
    public static func build(_ spec: ImageSpec) throws -> FixtureImage {
        try FixtureBuilder.build(spec)
    }

    /// Builds and pushes `spec` to `repository` on `registry`, under `tag` or by digest only.
    /// For an artifact with a subject, `updateReferrersTag` also adds it to the tag-schema
    /// fallback index (`sha256-<subject hex>`), as OCI 1.1 clients do against registries without
    /// the referrers API.
    @discardableResult
    public static func push(
        _ spec: ImageSpec,
        to registry: RegistryServer,
        repository: String,
        tag: String? = nil,
        updateReferrersTag: Bool = true
    ) throws -> PushedImage {
        try push(build(spec), to: registry, repository: repository, tag: tag, updateReferrersTag: updateReferrersTag)
    }

    /// Pushes an already built fixture (e.g. the same image to a second registry).
    @discardableResult
    public static func push(
        _ image: FixtureImage,
        to registry: RegistryServer,
        repository: String,
        tag: String? = nil,
        updateReferrersTag: Bool = true
    ) throws -> PushedImage {
        let scratch = try TestTools.makeTempDirectory("ferry-push")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let source: String
        if image.isAllOCI {
            let layout = scratch.appendingPathComponent("layout", isDirectory: true)
            try FixtureLayout.writeOCILayout(image, to: layout, tag: "fixture")
            source = "oci:\(layout.path):fixture"
        } else {
            let directory = scratch.appendingPathComponent("dir", isDirectory: true)
            try FixtureLayout.writeDirectory(image, to: directory)
            source = "dir:\(directory.path)"
        }
        let destination = "docker://\(registry.host)/\(repository)" + (tag.map { ":\($0)" } ?? "@\(image.digest)")
        try skopeoCopy(from: source, to: destination, registry: registry, scratch: scratch, expecting: image.digest)

        var referrersTag: String?
        if updateReferrersTag, let subject = image.subject {
            referrersTag = try addToReferrersTag(image, subject: subject.digest, registry: registry, repository: repository)
        }
        return PushedImage(
            image: image, registryHost: registry.host, repository: repository, tag: tag, referrersTag: referrersTag)
    }

    /// The tag-schema fallback tag for referrers of `subject`: `sha256-<hex>`.
    public static func referrersTag(for subject: Digest) -> String {
        "\(subject.algorithm.rawValue)-\(subject.encoded)"
    }

    /// The manifest bytes stored under `reference` (a tag or `sha256:…` digest), fetched with
    /// `skopeo inspect --raw`; nil if the registry does not know it.
    public static func inspectRaw(_ registry: RegistryServer, repository: String, reference: String) throws -> Data? {
        let separator = reference.contains(":") ? "@" : ":"
        let arguments = ["--insecure-policy", "inspect", "--raw"] + registry.skopeoFlags(.standalone)
            + ["docker://\(registry.host)/\(repository)\(separator)\(reference)"]
        let result = try TestTools.run("skopeo", arguments)
        if result.status == 0 { return result.stdoutData }
        if result.stderr.contains("manifest unknown") || result.stderr.contains("not found") { return nil }
        throw TestSupportError.commandFailed(
            command: TestTools.describe("skopeo", arguments), status: result.status, stderr: result.stderr)
    }

    /// Adds `artifact` to the fallback index under `sha256-<subject>`, keeping entries already
    /// there, and PUTs the new index (its manifests are already in the registry, which
    /// distribution checks before accepting an index). Returns the tag.
    static func addToReferrersTag(
        _ artifact: FixtureImage, subject: Digest, registry: RegistryServer, repository: String
    ) throws -> String {
        let tag = referrersTag(for: subject)
        var entries: [Descriptor] = []
        if let existing = try inspectRaw(registry, repository: repository, reference: tag) {
            struct Index: Decodable { var manifests: [Descriptor] }
            entries = try JSONDecoder().decode(Index.self, from: existing).manifests
        }
        var entry = Descriptor(
            mediaType: artifact.mediaType, digest: artifact.digest, size: Int64(artifact.size),
            artifactType: artifact.artifactType)
        entry.annotations = artifact.annotations
        entries.removeAll { $0.digest == artifact.digest }
        entries.append(entry)
        let index = OrderedJSON.object([
            ("schemaVersion", .int(2)),
            ("mediaType", .string(MediaType.ociIndex)),
            ("manifests", .array(entries.map { FixtureBuilder.ociDescriptor($0) })),
        ]).data()
        // Pushed with curl, not skopeo: containers/image drops `artifactType` from index entries
        // when it parses an index, and with --preserve-digests it then refuses to write it.
        try registry.putManifest(index, mediaType: MediaType.ociIndex, repository: repository, reference: tag)
        return tag
    }

    /// Runs `skopeo copy` and checks that what arrived has the expected manifest digest.
    private static func skopeoCopy(
        from source: String, to destination: String, registry: RegistryServer,
        scratch: URL, expecting digest: Digest
    ) throws {
        let digestFile = scratch.appendingPathComponent("pushed.digest")
        let arguments = ["--insecure-policy", "copy", "--quiet", "--all", "--preserve-digests", "--digestfile", digestFile.path]
            + registry.skopeoFlags(.destination) + [source, destination]
        try TestTools.runChecked("skopeo", arguments)
        let pushed = (try? String(contentsOf: digestFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard pushed == digest.description else {
            throw TestSupportError.unexpectedResponse(
                "skopeo pushed \(pushed ?? "nothing") to \(destination), expected \(digest)")
        }
    }
}
