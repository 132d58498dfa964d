import Foundation
import ClientTestSupport
import TestSupport

extension ScratchFiles {
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

extension RegistryServer {
    /// Whether `repository:tag` is there, asked with skopeo.
    func has(_ repository: String, _ tag: String) throws -> Bool {
        try ImageFixture.inspectRaw(self, repository: repository, reference: tag) != nil
    }

    /// The requests that changed something (a dry run makes none).
    func writes() -> [LoggedRequest] {
        accessLog().filter { $0.method != "GET" && $0.method != "HEAD" }
    }
}

extension ScratchFiles {
    /// `multi:1` (two platforms, `tier=web`) and a one-layer `NAME:1` per entry, pushed to `low`;
    /// returns the sources.list naming them with their tiers.
    func labelledSources(on low: RegistryServer, seed: UInt64, images: [(name: String, tier: String)]) throws -> String {
        try ImageFixture.push(.multiArch(seed: seed), to: low, repository: "multi", tag: "1")
        var lines = "\(low.host)/multi:1, tier=web\n"
        for (offset, image) in images.enumerated() {
            try ImageFixture.push(.oci(layers: [LayerSpec(size: 2_000, seed: seed + 1 + UInt64(offset))]), to: low, repository: image.name, tag: "1")
            lines += "\(low.host)/\(image.name):1, tier=\(image.tier)\n"
        }
        return try write(lines, name: "sources.list")
    }

    /// One image, `app:1`, pushed to `low` and gathered there as `set` by ferry: where the
    /// stream and batch runs start.
    func gatherApp(on low: RegistryServer, seed: UInt64, as set: String, plainHosts: [String]) throws {
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 3_000, seed: seed)]), to: low, repository: "app", tag: "1")
        let list = try write("\(low.host)/app:1\n", name: "app.list")
        let gathered = try FerryBinary.run(["mirror", "gather", "-q", list, "\(low.host)/\(set)"], plainHosts: plainHosts)
        guard gathered.status == 0 else { throw TestFailure("gather: \(gathered.stderr)") }
    }
}

/// Two plain registries: the low and the high side of a transfer.
struct RegistryPair {
    let low: RegistryServer
    let high: RegistryServer
    var hosts: [String] { [low.host, high.host] }

    static func start() async throws -> RegistryPair {
        RegistryPair(low: try await RegistryServer.start(.plain), high: try await RegistryServer.start(.plain))
    }

    func stop() { low.stop(); high.stop() }
}
