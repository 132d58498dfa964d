import Config
import Foundation
import Testing

/// Which configuration files ferry reads and which variables override them, as ace-dt does.
@Suite final class ConfigurationDiscoveryTests {
    private let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-discovery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: root) }

    private func file(_ name: String, chunkSize: String = "1Mi") throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nchunkSize: \(chunkSize)\n".utf8).write(to: url)
        return url.path
    }

    private func discovery(_ environment: [String: String]) -> ConfigurationDiscovery {
        ConfigurationDiscovery(environment: ["HOME": root.path].merging(environment) { $1 }, workingDirectory: root.path + "/work")
    }

    @Test func aceDTConfigListUsesTheFirstFilePresent() throws {
        let second = try file("second.yaml"), third = try file("third.yaml")
        let list = "\(root.path)/missing.yaml:\(second):\(third)"
        #expect(discovery(["ACE_DT_CONFIG": list]).files(explicit: []) == [second])
        #expect(discovery(["ACE_DT_CONFIG": list, "FERRY_CONFIG": third]).files(explicit: []) == [third])
        #expect(discovery(["ACE_DT_CONFIG": list]).files(explicit: [third, second]) == [third, second])
        #expect(discovery(["ACE_DT_CONFIG": "\(root.path)/missing.yaml"]).files(explicit: []).isEmpty)
    }

    @Test func defaultSearchPrefersFerrysFileThenAceDTs() throws {
        let aceDT = try file(".config/ace/dt/config.yaml")
        #expect(discovery([:]).files(explicit: []) == [aceDT])
        let xdg = try file("xdg/ace/dt/config.yaml")
        #expect(discovery(["XDG_CONFIG_HOME": root.path + "/xdg"]).files(explicit: []) == [xdg])
        let working = try file("work/ace-dt-config.yaml")
        #expect(discovery([:]).files(explicit: []) == [working])
        let ferry = try file(".config/ferry/config.yaml")
        #expect(discovery([:]).files(explicit: []) == [ferry])
        #expect(discovery([:]).searchList.last == "/etc/ace/dt/config.yaml")
    }

    @Test func environmentOverridesTheFileAndFerrysNamesWin() throws {
        let path = try file("c.yaml", chunkSize: "1Mi")
        let aceDT = try discovery(["ACE_DT_CHUNK_SIZE": "10Mi", "ACE_DT_CONCURRENT_HTTP": "3", "ACE_DT_CACHE_PATH": "~/cache",
                                   "ACE_DT_REGISTRY_AUTH_FILE": "/auth.json"]).load(explicit: [path])
        #expect(aceDT.chunkSize == 10 << 20)
        #expect(aceDT.concurrentHTTP == 3)
        #expect(aceDT.cachePath == root.path + "/cache")
        #expect(aceDT.registryAuthFile == "/auth.json")
        let both = try discovery(["ACE_DT_CHUNK_SIZE": "10Mi", "FERRY_CHUNK_SIZE": "0", "FERRY_REGISTRY_AUTH_FILE": "/f.json",
                                  "ACE_DT_REGISTRY_AUTH_FILE": "/a.json"]).load(explicit: [path])
        #expect(both.chunkSize == 0)
        #expect(both.registryAuthFile == "/f.json")
        #expect(try discovery(["ACE_DT_CHUNK_SIZE": ""]).load(explicit: [path]).chunkSize == 1 << 20)
    }

    @Test(arguments: [("ACE_DT_CHUNK_SIZE", "lots"), ("FERRY_CONCURRENT_HTTP", "0"), ("ACE_DT_CONCURRENT_HTTP", "many")])
    func badEnvironmentValuesNameTheVariable(name: String, value: String) {
        #expect {
            try discovery([name: value]).load(explicit: [])
        } throws: { error in
            "\(error)".hasPrefix("$\(name): ")
        }
    }
}
