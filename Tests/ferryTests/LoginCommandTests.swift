import Foundation
import Testing
import TestSupport

/// `ferry login`/`logout` against real registries: the credential is checked first, kept where
/// every later run finds it, and never printed.
@Suite struct LoginCommandTests {
    /// A home of its own for a run of ferry commands, and the environment that points there.
    struct Home {
        let directory: URL
        var environment: [String: String]
        var dockerConfig: URL { directory.appendingPathComponent(".docker/config.json") }

        init(_ registry: RegistryServer) throws {
            directory = try TestTools.makeTempDirectory("ferry-login")
            environment = ["HOME": directory.path]
            if let certs = registry.certsDirectory { environment["FERRY_CERTS_DIR"] = certs.path }
        }

        func ferry(_ arguments: [String], stdin: Data? = nil, extra: [String: String] = [:]) throws -> TestTools.Result {
            try TestTools.run(FerryBinary.path, arguments, stdin: stdin, environment: environment.merging(extra) { $1 })
        }

        func auths() throws -> [String: [String: String]] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dockerConfig)) as? [String: Any]
            return object?["auths"] as? [String: [String: String]] ?? [:]
        }
    }

    @Test func aLoginIsCheckedKeptAndUsedAndALogoutForgetsIt() async throws {
        let registry = try await RegistryServer.start(.tlsBasic(username: "alice", password: "s3cret-pw"))
        defer { registry.stop() }
        let home = try Home(registry)
        let layout = try LayoutOnDisk(layers: 1, layerSize: 2000, seed: 140)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        let target = "\(registry.host)/app:1"

        let anonymous = try home.ferry(["copy", "-q", layout.reference, target])
        #expect(anonymous.status == 1, "\(anonymous.stderr)")

        let wrong = try home.ferry(["login", registry.host, "-u", "alice", "-p", "env:PW"], extra: ["PW": "wrong-pw"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("log in to \(registry.host)") && wrong.stderr.contains("refused"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-pw") && !wrong.stdout.contains("wrong-pw"))
        #expect(!FileManager.default.fileExists(atPath: home.dockerConfig.path), "a refused login wrote the file")

        // Whatever else the file holds stays.
        try FileManager.default.createDirectory(at: home.dockerConfig.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(#"{"auths":{"other.example.com":{"auth":"b3RoZXI6cHc="}},"proxies":{"default":{"httpProxy":"http://p:3128"}}}"#.utf8)
            .write(to: home.dockerConfig)
        let login = try home.ferry(["login", registry.host, "-u", "alice", "--password-stdin"], stdin: Data("s3cret-pw\n".utf8))
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout == "Login successful\n")
        #expect(try home.auths()[registry.host] == ["auth": Data("alice:s3cret-pw".utf8).base64EncodedString()])
        #expect(try home.auths()["other.example.com"] != nil)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: home.dockerConfig)) as? [String: Any]
        #expect(object?["proxies"] != nil)
        let mode = try FileManager.default.attributesOfItem(atPath: home.dockerConfig.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let copy = try home.ferry(["copy", "-q", layout.reference, target])
        #expect(copy.status == 0, "the stored login was not used: \(copy.stderr)")

        let logout = try home.ferry(["logout", registry.host])
        #expect(logout.status == 0 && logout.stdout == "logout completed\n", "\(logout.stderr)")
        #expect(try home.auths()[registry.host] == nil)
        #expect(try home.auths()["other.example.com"] != nil)
        let again = try home.ferry(["logout", registry.host])
        #expect(again.status == 0 && again.stdout == "not logged in to \(registry.host)\n")
    }

    /// ace-dt's password sources against a token-auth registry: a file (its one trailing newline
    /// is not part of the password) and a command.
    @Test func passwordsComeFromFilesAndCommands() async throws {
        let registry = try await RegistryServer.start(.token(username: "bob", password: "tok-pw", anonymousPull: false))
        defer { registry.stop() }
        let home = try Home(registry)
        let file = home.directory.appendingPathComponent("pw.txt")
        try Data("tok-pw\n".utf8).write(to: file)
        let fromFile = try home.ferry(["login", registry.host, "-u", "bob", "-p", "file:\(file.path)"])
        #expect(fromFile.status == 0 && fromFile.stdout == "Login successful\n", "\(fromFile.stderr)")
        let fromCommand = try home.ferry(["login", registry.host, "-u", "bob", "-p", "cmd:printf ' tok-pw '"])
        #expect(fromCommand.status == 0, "\(fromCommand.stderr)")
        let failing = try home.ferry(["login", registry.host, "-u", "bob", "-p", "cmd:echo tok-pw; exit 4"])
        #expect(failing.status == 1 && failing.stderr.contains("exited with status 4"), "\(failing.stderr)")
        #expect(!failing.stderr.contains("tok-pw"))
        let bad = try home.ferry(["login", registry.host, "-u", "bob", "-p", "vault:x"])
        #expect(bad.status == 2 && bad.stderr.contains("env:NAME, file:PATH or cmd:COMMAND"), "\(bad.stderr)")
        let both = try home.ferry(["login", registry.host, "-u", "bob", "-p", "PW", "--password-stdin"])
        #expect(both.status == 2, "\(both.stderr)")
        let noTerminal = try home.ferry(["login", registry.host, "-u", "bob"])
        #expect(noTerminal.status == 1 && noTerminal.stderr.contains("not a terminal"), "\(noTerminal.stderr)")
    }

    /// A config that names a credential helper for the registry gets the credential through
    /// the helper (`store`, `erase`), not in its `auths`.
    @Test func aCredentialHelperKeepsTheLogin() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        var home = try Home(registry)
        let bin = home.directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let record = home.directory.appendingPathComponent("helper.log")
        let helper = bin.appendingPathComponent("docker-credential-rec")
        try Data("#!/bin/sh\necho \"$1 $(cat)\" >> '\(record.path)'\n".utf8).write(to: helper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: helper.path)
        home.environment["PATH"] = "\(bin.path):/usr/bin:/bin"
        try FileManager.default.createDirectory(at: home.dockerConfig.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(#"{"credHelpers":{"\#(registry.host)":"rec"}}"#.utf8).write(to: home.dockerConfig)

        let login = try home.ferry(["login", registry.host, "-u", "carol", "-p", "PW", "--no-auth-check"], extra: ["PW": "helper-pw"])
        #expect(login.status == 0 && login.stdout == "Credentials stored\n", "\(login.stderr)")
        let logout = try home.ferry(["logout", registry.host])
        #expect(logout.status == 0, "\(logout.stderr)")
        let lines = try String(contentsOf: record, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == #"store {"Secret":"helper-pw","ServerURL":"\#(registry.host)","Username":"carol"}"#)
        #expect(lines.last == "erase \(registry.host)")
        #expect(try home.auths().isEmpty)
    }
}
