import Config
import Foundation
import Testing

/// `cachePruneMax` is a size (a Kubernetes quantity, as ace-dt writes it), read from the file
/// and from `ACE_DT_CACHE_PRUNE_MAX` / `FERRY_CACHE_PRUNE_MAX`.
@Suite struct CachePruneMaxTests {
    @Test func fileAndEnvironmentSetIt() throws {
        #expect(FerryConfiguration().cachePruneMax == 500 << 20)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-prune-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\ncachePruneMax: 2Gi\n".utf8).write(to: file)
        var configuration = try FerryConfiguration.load(paths: [file.path])
        #expect(configuration.cachePruneMax == 2 << 30)
        try ConfigurationEnvironment(environment: ["ACE_DT_CACHE_PRUNE_MAX": "100Mi"]).apply(to: &configuration)
        #expect(configuration.cachePruneMax == 100 << 20)
        try ConfigurationEnvironment(environment: ["ACE_DT_CACHE_PRUNE_MAX": "100Mi", "FERRY_CACHE_PRUNE_MAX": "1G"]).apply(to: &configuration)
        #expect(configuration.cachePruneMax == 1_000_000_000)
        #expect {
            try ConfigurationEnvironment(environment: ["ACE_DT_CACHE_PRUNE_MAX": "lots"]).apply(to: &configuration)
        } throws: { "\($0)".contains("$ACE_DT_CACHE_PRUNE_MAX") && "\($0)".contains("cachePruneMax") }
    }
}
