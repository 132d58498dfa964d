import Foundation
import GoTemplate
import TestSupport

/// One template rendered by both engines.
struct OracleCase: Sendable {
    var name: String
    var text: String
    /// JSON data for dot (ignored when `descriptor` is set).
    var data: String = "null"
    var descriptor: DescriptorSpec?

    /// The case as one JSON object; `data` is embedded verbatim.
    func json() throws -> String {
        let encoder = JSONEncoder()
        func quoted(_ text: String) throws -> String { String(decoding: try encoder.encode(text), as: UTF8.self) }
        var fields = ["\"name\":" + (try quoted(name)), "\"text\":" + (try quoted(text)), "\"data\":" + data]
        if let descriptor {
            fields.append("\"descriptor\":" + String(decoding: try encoder.encode(descriptor), as: UTF8.self))
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The Swift-side value for dot.
    func value() throws -> TemplateValue {
        if let descriptor { return descriptor.templateValue }
        return try TemplateValue(json: Data(data.utf8))
    }
}

/// An OCI descriptor as both sides model it (the Go side uses an image-spec-shaped struct).
struct DescriptorSpec: Encodable, Sendable {
    struct PlatformSpec: Encodable, Sendable {
        var architecture: String
        var os: String
    }

    var mediaType = "application/vnd.oci.image.manifest.v1+json"
    var digest = "sha256:" + String(repeating: "ab", count: 32)
    var size = 1234
    var annotations: [String: String] = [:]
    var platform: PlatformSpec?
    var artifactType = ""

    var templateValue: TemplateValue {
        .ociDescriptor(mediaType: mediaType, digest: digest, size: size, annotations: annotations,
                       platform: platform.map { .init(architecture: $0.architecture, os: $0.os) },
                       artifactType: artifactType)
    }
}

struct OracleResult: Decodable, Sendable {
    var out: String
    var err: String?
}

enum OracleError: Error, CustomStringConvertible {
    case goMissing(String)
    case failed(String)
    var description: String {
        switch self {
        case .goMissing(let detail):
            return "Go toolchain not found (\(detail)); install the apt packages golang-go and "
                + "golang-github-masterminds-sprig-dev to run the text/template conformance oracle"
        case .failed(let detail): return "oracle failed: \(detail)"
        }
    }
}

/// Builds `Oracle/*.go` once per test process and runs batches through it.
enum Oracle {
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Oracle")

    static let binary: Result<URL, OracleError> = {
        let goPaths = ["/usr/bin/go", "/usr/local/go/bin/go", "/usr/lib/go/bin/go"]
        guard let go = goPaths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .failure(.goMissing("no go binary in \(goPaths.joined(separator: ", "))"))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gotemplate-oracle-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("oracle")
        var environment = ProcessInfo.processInfo.environment
        environment["GO111MODULE"] = "off"
        environment["GOPATH"] = "/usr/share/gocode"
        environment["GOCACHE"] = directory.appendingPathComponent("cache").path
        environment["GOFLAGS"] = ""
        do {
            let sources = try FileManager.default.contentsOfDirectory(atPath: sourceDirectory.path).filter { $0.hasSuffix(".go") }
                .sorted().map { sourceDirectory.appendingPathComponent($0).path }
            let (status, _, errorText) = try run(go, ["build", "-o", output.path] + sources,
                                               input: Data(), environment: environment)
            guard status == 0 else { return .failure(.failed("go build: \(errorText)")) }
        } catch {
            return .failure(.failed("go build: \(error)"))
        }
        return .success(output)
    }()

    static func render(_ cases: [OracleCase]) throws -> [OracleResult] {
        let binary = try binary.get()
        let input = Data(("[" + (try cases.map { try $0.json() }.joined(separator: ",\n")) + "]").utf8)
        let (status, output, errorText) = try run(binary.path, [], input: input, environment: nil)
        guard status == 0 else { throw OracleError.failed(errorText) }
        return try JSONDecoder().decode([OracleResult].self, from: output)
    }

    private static func run(_ path: String, _ arguments: [String], input: Data, environment: [String: String]?)
        throws -> (Int32, Data, String)
    {
        let result = try TestTools.run(path, arguments, stdin: input, environment: environment)
        return (result.status, result.stdoutData, result.stderr)
    }
}

