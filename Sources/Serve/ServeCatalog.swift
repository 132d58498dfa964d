import Foundation
import OCI

/// What a source serves, found once at start by walking its manifests (each digest once): the
/// repositories and their tags, every manifest with its media type, the size every blob must have,
/// and the referrers of each subject. Immutable afterwards, so requests read it without locks.
public final class ServeCatalog: Sendable {
    public let source: any ServeSource
    /// repository → tag → manifest descriptor; a repository with no tags is reachable by digest.
    let repositories: [String: [String: Descriptor]]
    /// Every manifest met on the walk, by digest, with the media type it is served with.
    let manifests: [Digest: String]
    /// Every other blob the manifests point at and the source holds, with the size they promise.
    let blobs: [Digest: Int64]
    /// subject digest → descriptors of the manifests whose `subject` it is.
    let referrers: [Digest: [Descriptor]]

    /// Walks `source`; a manifest that does not hash to its digest, or a blob whose size differs
    /// from its descriptor, stops the start with the digest named.
    public init(source: any ServeSource, defaultRepository: String) throws {
        self.source = source
        var walk = CatalogWalk(source: source, defaultRepository: defaultRepository)
        for entry in source.entries {
            walk.name(entry, RepositoryNaming.names(of: entry, defaultRepository: defaultRepository))
            try walk.visit(entry)
        }
        repositories = walk.repositories
        manifests = walk.manifests
        blobs = walk.blobs
        referrers = walk.referrers
    }

    /// The repositories, sorted.
    public var repositoryNames: [String] { repositories.keys.sorted() }

    /// Tags of `repository`, sorted; nil for a repository that is not served.
    public func tags(of repository: String) -> [String]? { repositories[repository].map { $0.keys.sorted() } }

    /// The manifest `reference` (a tag or a digest) names in `repository`, with its bytes read now.
    func manifest(_ reference: String, in repository: String) throws -> (bytes: Data, mediaType: String, digest: Digest)? {
        guard let tags = repositories[repository] else { return nil }
        let digest: Digest
        if let tagged = tags[reference] {
            digest = tagged.digest
        } else if let parsed = try? Digest(reference) {
            digest = parsed
        } else {
            return nil
        }
        guard let mediaType = manifests[digest], let extent = source.extent(of: digest) else { return nil }
        return (try ExtentReader.read(extent, digest: digest), mediaType, digest)
    }

    /// Where the blob (or manifest) `digest` lies, if it is served.
    func blob(_ digest: Digest) -> BlobExtent? {
        guard blobs[digest] != nil || manifests[digest] != nil else { return nil }
        return source.extent(of: digest)
    }
}

/// The walk behind `ServeCatalog.init`: collects while it goes, each digest once.
private struct CatalogWalk {
    let source: any ServeSource
    let defaultRepository: String
    var repositories: [String: [String: Descriptor]] = [:]
    var manifests: [Digest: String] = [:]
    var blobs: [Digest: Int64] = [:]
    var referrers: [Digest: [Descriptor]] = [:]
    var visited: Set<Digest> = []

    init(source: any ServeSource, defaultRepository: String) {
        self.source = source
        self.defaultRepository = defaultRepository
    }

    /// Records `names` for `descriptor` (a later index entry of the same tag wins, as in a layout).
    mutating func name(_ descriptor: Descriptor, _ names: [RepositoryName]) {
        for name in names {
            if let tag = name.tag {
                repositories[name.repository, default: [:]][tag] = descriptor
            } else if repositories[name.repository] == nil {
                repositories[name.repository] = [:]
            }
        }
    }

    mutating func visit(_ descriptor: Descriptor) throws {
        // A visited set as well as a queue: a manifest graph from outside may share and loop.
        var queue = [descriptor]
        while let next = queue.popLast() {
            guard visited.insert(next.digest).inserted, let extent = source.extent(of: next.digest) else { continue }
            guard extent.size == next.size else {
                throw ServeError.badContent(next.digest, reason: "\(extent.size) bytes where its descriptor says \(next.size)")
            }
            guard MediaType.isManifest(next.mediaType) else {
                blobs[next.digest] = next.size
                continue
            }
            let parsed: ParsedManifest
            do {
                parsed = try ParsedManifest(bytes: try ExtentReader.read(extent, digest: next.digest), contentType: next.mediaType)
            } catch let error as ServeError {
                throw error
            } catch {
                throw ServeError.badContent(next.digest, reason: "not a manifest: \(error)")
            }
            manifests[next.digest] = parsed.mediaType
            if let subject = parsed.subject {
                referrers[subject.digest, default: []].append(Self.referrer(parsed))
                queue.append(subject)
            }
            let extra = (try? parsed.extraManifests()) ?? []
            if parsed.artifactType == MediaType.gatherArtifactType {
                for child in parsed.children + extra {
                    name(child, RepositoryNaming.names(of: child, defaultRepository: defaultRepository))
                }
            }
            queue.append(contentsOf: (parsed.children + extra).reversed())
        }
    }

    /// A referrer as the referrers API lists it: its own annotations and artifact type (the
    /// config's media type when it has none, as the distribution spec says).
    static func referrer(_ parsed: ParsedManifest) -> Descriptor {
        var descriptor = parsed.descriptor
        descriptor.annotations = parsed.annotations
        descriptor.artifactType = parsed.artifactType ?? parsed.image?.config.mediaType
        return descriptor
    }
}
