import Foundation
import Testing

/// A fresh machine must get every tool the suite runs: each external command a test calls maps to
/// a Debian package, and that package is in the project's one install list
/// (scripts/install-deps.sh, which .ci/run, test.sh and demo.sh use). A test that starts calling a
/// new tool fails here until its package is added.
@Suite struct InstallListTests {
    /// Tools the tests run, and the package that brings each ("base": on every Debian machine
    /// and on every machine of this project's kind).
    static let packages: [String: String] = [
        "bash": "base", "sh": "base", "script": "base", "tar": "base", "gzip": "base", "python3": "base",
        "docker-registry": "docker-registry", "skopeo": "skopeo", "umoci": "umoci", "curl": "curl",
        "openssl": "openssl", "htpasswd": "apache2-utils", "strace": "strace", "bsdtar": "libarchive-tools",
        "zstd": "zstd", "go": "golang-go", "podman": "podman",
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every quoted name in a `TestTools.run/runChecked/resolve("…"` call, or a `("tool", flags)`
    /// pair on a `for (tool, flags) in [...]` line.
    static func toolsCalled() throws -> Set<String> {
        let pattern = try NSRegularExpression(
            pattern: #"(?:TestTools\.(?:run|runChecked|resolve)\(|for \(tool, \w+\) in \[(?:\("[^"]*", \w+\), )*\()"([a-z0-9][a-z0-9_.-]*)""#)
        var tools: Set<String> = []
        let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent("Tests"), includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", url.lastPathComponent != "InstallListTests.swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { tools.insert(String(text[range])) }
            }
        }
        return tools
    }

    static func installList() throws -> Set<String> {
        let script = try String(contentsOf: root.appendingPathComponent("scripts/install-deps.sh"), encoding: .utf8)
        guard let start = script.range(of: "pkgs=("), let end = script[start.upperBound...].firstIndex(of: ")") else { return [] }
        return Set(script[start.upperBound..<end].split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    @Test func everyToolTheTestsCallIsInstalledByTheProject() throws {
        let called = try Self.toolsCalled()
        #expect(called.contains("skopeo") && called.contains("bsdtar"), "the scan found \(called)")
        let listed = try Self.installList()
        for tool in called.sorted() {
            guard let package = Self.packages[tool] else {
                Issue.record("tests call \(tool): add it and its Debian package to InstallListTests.packages and scripts/install-deps.sh")
                continue
            }
            #expect(package == "base" || listed.contains(package), "\(tool) needs \(package), missing from scripts/install-deps.sh")
        }
    }

    /// CI installs its packages itself (a fresh CI machine has none of them), and its list holds
    /// every package of the project's list, which test.sh and demo.sh install.
    @Test func ciInstallsEveryPackageOfTheList() throws {
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        let testScript = try String(contentsOf: Self.root.appendingPathComponent("test.sh"), encoding: .utf8)
        #expect(testScript.contains("./scripts/install-deps.sh"))
        guard let install = ci.range(of: "apt-get install") else {
            Issue.record(".ci/run installs no Debian packages")
            return
        }
        let words = Set(ci[install.upperBound...].prefix { $0 != ";" }.split(whereSeparator: { " \\\n".contains($0) }).map(String.init))
        let listed = try Self.installList()
        #expect(!listed.isEmpty)
        for package in listed.sorted() where package != "\"$@\"" {
            #expect(words.contains(package), ".ci/run does not install \(package)")
        }
    }
}
