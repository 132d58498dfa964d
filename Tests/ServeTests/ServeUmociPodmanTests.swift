import ClientTestSupport
import Foundation
import OCI
import Serve
import Testing
import TestSupport

/// A layout umoci built (a real gzip layer), served in process and pulled by podman, which
/// unpacks the layer: a client that checks more than digests.
@Suite struct ServeUmociPodmanTests {
    @Test func podmanPullsAnUmociLayout() async throws {
        let directory = try TestTools.makeTempDirectory("ferry-serve-umoci")
        let layout = directory.appendingPathComponent("layout").path
        let file = directory.appendingPathComponent("hello.txt")
        try Data("hello from ferry serve\n".utf8).write(to: file)
        try TestTools.runChecked("umoci", ["init", "--layout", layout])
        try TestTools.runChecked("umoci", ["new", "--image", "\(layout):v1"])
        try TestTools.runChecked("umoci", ["insert", "--image", "\(layout):v1", file.path, "/hello.txt"])
        let catalog = try ServeCatalog(source: try LayoutServeSource(path: layout), defaultRepository: "umoci")
        let serve = try await RunningServe(catalog)
        defer { Task { await serve.stop() } }
        // podman refuses a run root path longer than 50 characters (test.sh's TMPDIR is longer).
        let runRoot = try Self.shortDirectory()
        defer { try? FileManager.default.removeItem(atPath: runRoot) }
        try await clients {
            let storage = ["--root", directory.appendingPathComponent("root").path,
                           "--runroot", runRoot, "--storage-driver", "vfs"]
            try TestTools.runChecked("podman", storage + ["pull", "-q", "--tls-verify=false", "\(serve.address)/umoci:v1"], timeout: 60)
            let listed = try TestTools.runChecked("podman", storage + ["images", "--format", "{{.Repository}}:{{.Tag}}"])
            #expect(listed.stdout.contains("\(serve.address)/umoci:v1"), "\(listed.stdout)")
            let manifest = try skopeoRawManifest("\(serve.address)/umoci:v1")
            let config = try #require(try ParsedManifest(bytes: manifest).image?.config.digest)
            let id = try TestTools.runChecked("podman", storage + ["image", "inspect", "--format", "{{.Id}}", "\(serve.address)/umoci:v1"])
            #expect(id.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == config.encoded)
            _ = try? TestTools.run("podman", storage + ["rmi", "-a", "-f"])
        }
    }

    /// A fresh directory directly under /tmp.
    static func shortDirectory() throws -> String {
        var template = Array("/tmp/ferry-run.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: \(errno)") }
        return String(cString: made)
    }
}
