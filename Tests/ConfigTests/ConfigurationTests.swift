import Config
import Foundation
import Patterns
import Testing

/// The home directory the loader expands "~" against.
private let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()

/// The example from shared/docs/FORMATS.md, section "Config", verbatim.
private let formatsExample = """
    apiVersion: config.dt.act3-ace.io/v1alpha1
    kind: Configuration
    cachePath: ~/.cache/ferry          # local OCI-layout store used by archive/unarchive
    chunkSize: 100Mi                   # upload chunk size, 0 = monolithic
    concurrentHTTP: 25                 # requests in flight at once
    registryAuthFile: ~/.docker/config.json
    registryConfig:
      registries:                      # keyed by registry host[:port]
        index.docker.io:
          endpoints: [https://mirror.example.com, https://index.docker.io]   # scheme included; tried in order
          rewritePull: {"^rancher/(.*)": "ace/dt/rancher-images/$1"}        # regex on the repository path
        localhost:5000:
          endpoints: [http://localhost:5000]
          noncompliant: true           # registry is not OCI 1.1 compliant (no nested indexes)
      endpointConfig:                  # keyed by endpoint URL, scheme included
        https://nvcr.io: {supportsReferrers: tag}                  # tag | api | auto
        https://reg.internal: {tls: {insecureSkipVerify: true}}
    """

private let header = """
    apiVersion: config.dt.act3-ace.io/v1alpha1
    kind: Configuration

    """

/// (YAML, line the error must name, fragment the message must contain)
private let badInputs: [(String, Int, String)] = [
    (header + "chunkSize: 1Mi\nregistryConfig:\n  registries: {a: [}\n", 5, "invalid YAML"),
    ("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Bottle\n", 2, "kind: expected Configuration"),
    ("apiVersion: config.dt.act3-ace.io/v1beta9\nkind: Configuration\n", 1, "apiVersion: expected config.dt.act3-ace.io/v1alpha1"),
    ("kind: Configuration\nchunkSize: 1Mi\n", 1, "apiVersion: missing"),
    (header + "chunkSize: 12XB\n", 3, "chunkSize: invalid size \"12XB\""),
    (header + "chunkSize: -1Mi\n", 3, "negative"),
    (header + "concurrentHTTP: 0\n", 3, "must be positive"),
    (header + "concurrentHTTP: many\n", 3, "expected an integer"),
    (header + "chunksize: 1Mi\n", 3, "chunksize: unknown key"),
    (header + "registryConfig:\n  registries:\n    r.io:\n      rewritePull:\n        \"^(rancher\": x\n", 7,
     "invalid regular expression \"^(rancher\""),
    (header + "registryConfig:\n  registries:\n    r.io: {endpoints: [r.io]}\n", 5, "needs a scheme"),
    (header + "registryConfig:\n  registries:\n    https://r.io: {}\n", 5, "without scheme"),
    (header + "registryConfig:\n  endpointConfig:\n    nvcr.io: {supportsReferrers: tag}\n", 5, "need a scheme"),
    (header + "registryConfig:\n  endpointConfig:\n    https://nvcr.io: {supportsReferrers: maybe}\n", 5,
     "expected tag, api or auto"),
    (header + "registryConfig:\n  endpointConfig:\n    https://r.io:\n      tls: {certFile: /c.pem}\n", 6,
     "certFile and keyFile must be given together"),
    (header + "registryConfig:\n  registries:\n    r.io: {noncompliant: perhaps}\n", 5, "expected true or false"),
    (header + "registryConfig:\n  registries:\n    r.io: {endpoints: https://r.io}\n", 5, "expected a list"),
    (header + "a: 1\na: 2\n", 3, "duplicate key"),
    ("- just\n- a list\n", 1, "expected a mapping"),
]

@Suite struct ConfigurationTests {
    @Test func defaults() {
        let configuration = FerryConfiguration()
        #expect(configuration.chunkSize == 100 * 1024 * 1024)
        #expect(configuration.concurrentHTTP == nil)
        #expect(configuration.cachePath == nil && configuration.registryAuthFile == nil)
        #expect(configuration.registries.isEmpty && configuration.endpoints.isEmpty)
    }

    @Test func sampleParsesToDefaults() throws {
        let configuration = try FerryConfiguration.parse(yaml: FerryConfiguration.sampleYAML, source: "sample")
        #expect(configuration.chunkSize == FerryConfiguration.defaultChunkSize)
        #expect(configuration.concurrentHTTP == nil)
        #expect(configuration.registries.isEmpty)
    }

    /// The commented registryConfig block of the sample must load once uncommented.
    @Test func sampleCommentedBlockParses() throws {
        let lines = FerryConfiguration.sampleYAML.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "# registryConfig:"))
        let block = lines[start...].map { $0.hasPrefix("# ") ? $0.dropFirst(2) : $0 }
        let yaml = lines[..<start].joined(separator: "\n") + "\n" + block.joined(separator: "\n")
        let configuration = try FerryConfiguration.parse(yaml: yaml, source: "sample-uncommented")

        let hub = try #require(configuration.registrySettings(forHost: "docker.io"))
        #expect(hub.endpoints == ["https://mirror.example.com", "https://index.docker.io"])
        #expect(hub.rewritePull.map(\.pattern) == ["^rancher/(.*)", "^ubuntu/(.*)"])
        #expect(hub.rewrite(repository: "ubuntu/jammy") == "ace/dt/ubuntu-images/jammy")
        #expect(configuration.registries["localhost:5000"]?.noncompliant == true)
        #expect(configuration.endpointSettings(forURL: "https://nvcr.io")?.supportsReferrers == .tag)
        let tls = try #require(configuration.endpointSettings(forURL: "https://reg.internal")?.tls)
        #expect(tls == TLSSettings(
            insecureSkipVerify: false, caFile: "/etc/ferry/reg-internal-ca.pem",
            certFile: home + "/.ferry/client.pem", keyFile: home + "/.ferry/client-key.pem"))
    }

    @Test func formatsExampleParses() throws {
        let configuration = try FerryConfiguration.parse(yaml: formatsExample, source: "FORMATS.md")
        #expect(configuration.cachePath == home + "/.cache/ferry")
        #expect(configuration.registryAuthFile == home + "/.docker/config.json")
        #expect(configuration.chunkSize == 104_857_600)
        #expect(configuration.concurrentHTTP == 25)

        let hub = try #require(configuration.registries["index.docker.io"])
        #expect(hub.endpoints == ["https://mirror.example.com", "https://index.docker.io"])
        #expect(hub.rewritePull == [try RewriteRule(pattern: "^rancher/(.*)", replacement: "ace/dt/rancher-images/$1")])
        #expect(hub.noncompliant == false)
        let local = try #require(configuration.registrySettings(forHost: "localhost:5000"))
        #expect(local.endpoints == ["http://localhost:5000"] && local.noncompliant)

        #expect(configuration.endpoints["https://nvcr.io"] == EndpointSettings(supportsReferrers: .tag))
        let regInternal = try #require(configuration.endpoints["https://reg.internal"])
        #expect(regInternal.supportsReferrers == .auto)
        #expect(regInternal.tls == TLSSettings(insecureSkipVerify: true))
    }

    @Test(arguments: ["docker.io", "index.docker.io", "registry-1.docker.io", "Docker.IO"])
    func dockerHubAliasesFindTheEntry(host: String) throws {
        let configuration = try FerryConfiguration.parse(yaml: formatsExample, source: "FORMATS.md")
        #expect(configuration.registrySettings(forHost: host)?.endpoints.first == "https://mirror.example.com")
    }

    @Test func unknownHostHasNoSettings() throws {
        let configuration = try FerryConfiguration.parse(yaml: formatsExample, source: "FORMATS.md")
        #expect(configuration.registrySettings(forHost: "quay.io") == nil)
        #expect(configuration.registrySettings(forHost: "localhost:5001") == nil)
        #expect(configuration.endpointSettings(forURL: "http://nvcr.io") == nil)
    }

    @Test(arguments: ["https://nvcr.io", "https://nvcr.io/", "https://NVCR.io", "https://nvcr.io/v2/", "https://nvcr.io:443"])
    func endpointLookupNormalizes(url: String) throws {
        let configuration = try FerryConfiguration.parse(yaml: formatsExample, source: "FORMATS.md")
        #expect(configuration.endpointSettings(forURL: url)?.supportsReferrers == .tag)
    }

    @Test func rewritePullKeepsYAMLOrder() throws {
        let yaml = header + """
            registryConfig:
              registries:
                reg.io:
                  rewritePull:
                    "^z/(.*)": "first/$1"
                    "^a/(.*)": "second/$1"
                    "(.*)": "catch-all/$1"
                    "^m/(.*)": "never/$1"
            """
        let settings = try #require(try FerryConfiguration.parse(yaml: yaml, source: "order.yaml").registries["reg.io"])
        #expect(settings.rewritePull.map(\.pattern) == ["^z/(.*)", "^a/(.*)", "(.*)", "^m/(.*)"])
        #expect(settings.rewrite(repository: "a/b") == "second/b")
        #expect(settings.rewrite(repository: "m/b") == "catch-all/m/b")
    }

    @Test func laterFilesOverrideKeyByKey() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write("first.yaml", header + """
            cachePath: /var/cache/ferry
            chunkSize: 1Mi
            concurrentHTTP: 4
            registryConfig:
              registries:
                a.io: {endpoints: [https://mirror-a.io]}
                b.io: {endpoints: [https://mirror-b.io], noncompliant: true}
              endpointConfig:
                https://a.io: {supportsReferrers: api}
            """)
        let second = try directory.write("second.yaml", header + """
            cachePath:                        # null: keeps the earlier value
            concurrentHTTP: 8
            registryConfig:
              registries:
                b.io: {endpoints: [http://other-b.io/]}
            """)
        let configuration = try FerryConfiguration.load(paths: [first, second])
        #expect(configuration.cachePath == "/var/cache/ferry")
        #expect(configuration.chunkSize == 1_048_576)
        #expect(configuration.concurrentHTTP == 8)
        #expect(configuration.registries["a.io"]?.endpoints == ["https://mirror-a.io"])
        // A registry entry is replaced whole, as ace-dt's decoder does.
        #expect(configuration.registries["b.io"] == RegistrySettings(endpoints: ["http://other-b.io"]))
        #expect(configuration.endpoints["https://a.io"]?.supportsReferrers == .api)

        let reversed = try FerryConfiguration.load(paths: [second, first])
        #expect(reversed.concurrentHTTP == 4)
        #expect(reversed.registries["b.io"]?.noncompliant == true)
    }

    @Test func aceDTOnlyKeysAreAccepted() throws {
        let yaml = header + """
            cachePruneMax: 500Mi
            compressionLevel: normal
            editor: nano
            hideProgress: true
            telemetryUserName: someone
            telemetry:
            - name: lion
              url: https://telemetry.example.com
            keys: []
            chunkSize: 0
            """
        #expect(try FerryConfiguration.parse(yaml: yaml, source: "acedt.yaml").chunkSize == 0)
    }

    @Test(arguments: badInputs)
    func badInputNamesFileAndLine(yaml: String, line: Int, fragment: String) {
        #expect {
            try FerryConfiguration.parse(yaml: yaml, source: "bad.yaml")
        } throws: { error in
            let message = "\(error)"
            return error is ConfigError && message.hasPrefix("bad.yaml:\(line): ") && message.contains(fragment)
                && !message.contains("\n")
        }
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: ConfigError.self) { try FerryConfiguration.parse(yaml: "# only a comment\n", source: "e.yaml") }
    }

    @Test func loadNamesTheFailingFile() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.yaml", header + "chunkSize: 1Mi\n")
        let bad = try directory.write("bad.yaml", header + "chunkSize: lots\n")
        #expect {
            try FerryConfiguration.load(paths: [good, bad])
        } throws: { error in
            "\(error)".hasPrefix("\(bad):3: chunkSize")
        }
        let missing = directory.path + "/missing.yaml"
        #expect {
            try FerryConfiguration.load(paths: [good, missing])
        } throws: { error in
            (error as? ConfigError) == .unreadableFile(path: missing, reason: "no such file")
        }
        #expect {
            try FerryConfiguration.load(paths: [directory.path])
        } throws: { error in
            (error as? ConfigError) == .unreadableFile(path: directory.path, reason: "is a directory")
        }
    }
}
