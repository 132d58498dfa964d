import Deserialize
import Foundation
import OCI
import Store
import TestSupport
import Testing

/// Streams whose descriptors lie, whose root lists nothing, or that miss content: the root is
/// never tagged, and the error names what is wrong.
@Suite struct HostileStreamTests {
    static let layer = Data(repeating: 0x4C, count: 1000)

    static func target(_ stream: CraftedStream, tag: String = "v1") throws -> LayoutContent {
        LayoutContent(layout: try OCILayout(root: stream.scratch.appendingPathComponent("target")), tag: tag)
    }

    static func rootTagged(_ target: LayoutContent) -> Bool {
        (try? target.layout.resolve(tag: target.tag)) != nil
    }

    /// Where the lie is: a layer, the config, a child manifest in an index, the index.json entry.
    enum Lie: String, CaseIterable { case hugeLayer, smallLayer, config, childManifest, indexEntry }

    @Test(arguments: Lie.allCases)
    func plantedSizesAreRefusedAndNamed(_ lie: Lie) async throws {
        let stream = try CraftedStream()
        defer { stream.remove() }
        var layer = try stream.add(Self.layer)
        var config = try stream.addConfig()
        if lie == .hugeLayer { layer.size = .max }
        if lie == .smallLayer { layer.size = 10 }
        if lie == .config { config.size = .max - 1 }
        var manifest = try stream.addManifest(config: config, layers: [layer])
        if lie == .childManifest { manifest.size = .max }
        var root = try stream.addIndex([manifest])
        if lie == .indexEntry { root.size = 3 }
        let target = try Self.target(stream)
        let text = try #require(await deserialize(try stream.write(roots: [root]), into: target).failureText)
        let (named, declared, actual): (Descriptor, Int64, Int) = switch lie {
        case .hugeLayer, .smallLayer: (layer, layer.size, Self.layer.count)
        case .config: (config, config.size, Int(try stream.addConfig().size))
        case .childManifest: (manifest, manifest.size, try JSONEncoder().encode(ImageManifest(config: config, layers: [layer])).count)
        case .indexEntry: (root, root.size, try JSONEncoder().encode(ImageIndex(manifests: [manifest])).count)
        }
        #expect(text.contains("\(named.digest) is declared as \(declared) bytes, the stream carried \(actual)"), "\(text)")
        #expect(!Self.rootTagged(target))
    }

    @Test func negativeSizeIsRefusedAndNamed() async throws {
        let stream = try CraftedStream()
        defer { stream.remove() }
        let config = try stream.addConfig()
        var layer = try stream.add(Self.layer)
        layer.size = -1
        let manifest = try stream.addManifest(config: config, layers: [layer])
        let target = try Self.target(stream)
        let text = try #require(await deserialize(try stream.write(roots: [manifest]), into: target).failureText)
        #expect(text.contains("\(manifest.digest)"), "\(text)")
        #expect(text.contains("negative size -1"), "\(text)")
        #expect(!Self.rootTagged(target))
    }

    @Test func emptyRootIndexIsRefused() async throws {
        let stream = try CraftedStream()
        defer { stream.remove() }
        let empty = try stream.addIndex([])
        let target = try Self.target(stream)
        let text = try #require(await deserialize(try stream.write(roots: [empty]), into: target).failureText)
        #expect(text.contains("\(empty.digest)") && text.contains("lists no manifests"), "\(text)")
        #expect(!Self.rootTagged(target))
        let none = try #require(await deserialize(try stream.write(roots: [], name: "none.tar"), into: target).failureText)
        #expect(none.contains("index.json lists no manifests"), "\(none)")
    }

    /// The root index lists an image whose layer the stream lacks, beside a complete one: the
    /// complete image goes in, the other does not, the root is not tagged, the layer is named.
    @Test func indexOverAnImageWithAMissingLayerIsNotTagged() async throws {
        let stream = try CraftedStream()
        defer { stream.remove() }
        let complete = try stream.addImage(layer: Self.layer)
        let lost = Data(repeating: 0x6D, count: 700)
        let broken = try stream.addManifest(config: try stream.addConfig(1), layers: [CraftedStream.absent(lost)])
        let root = try stream.addIndex([complete, broken])
        let target = try Self.target(stream)
        let text = try #require(await deserialize(try stream.write(roots: [root]), into: target).failureText)
        #expect(text.contains("1 blob missing: \(Digest.sha256(of: lost))"), "\(text)")
        #expect(text.contains("2 manifests not pushed"), "\(text)")
        #expect(!Self.rootTagged(target))
        #expect(target.layout.hasBlob(complete.digest))
        #expect(!target.layout.hasBlob(broken.digest))
    }

    /// Twelve layers missing: the first ten are named, then how many more.
    @Test func missingBlobsAreNamed() async throws {
        let stream = try CraftedStream()
        defer { stream.remove() }
        let lost = (0..<12).map { Data("layer \($0)".utf8) }
        let manifest = try stream.addManifest(config: try stream.addConfig(), layers: lost.map(CraftedStream.absent))
        let text = try #require(await deserialize(try stream.write(roots: [manifest]), into: try Self.target(stream)).failureText)
        #expect(text.contains("12 blobs missing: "), "\(text)")
        for data in lost.prefix(10) { #expect(text.contains(Digest.sha256(of: data).description), "\(text)") }
        #expect(!text.contains(Digest.sha256(of: lost[11]).description), "\(text)")
        #expect(text.contains(", and 2 more"), "\(text)")
    }

    /// One layer listed 19,000 times is walked once and goes in; 25,000 is over the bound.
    @Test func repeatedDescriptorsAreWalkedOnceAndBounded() async throws {
        let stream = try CraftedStream()
        defer { stream.remove() }
        let layer = try stream.add(Self.layer)
        let config = try stream.addConfig()
        let many = try stream.addManifest(config: config, layers: Array(repeating: layer, count: 19_000))
        let target = try Self.target(stream)
        _ = try await deserialize(try stream.write(roots: [many]), into: target).get()
        #expect(Self.rootTagged(target))
        let tooMany = try stream.addManifest(config: config, layers: Array(repeating: layer, count: 25_000))
        let second = try Self.target(stream, tag: "v2")
        let text = try #require(await deserialize(try stream.write(roots: [tooMany], name: "many.tar"), into: second).failureText)
        #expect(text.contains("\(tooMany.digest): invalid manifest: 25001 descriptors"), "\(text)")
        #expect(!Self.rootTagged(second))
    }
}
