import Foundation
import Mapping
import OCI
import Testing

/// go-template: the ready templates of templates/ and scatter.tmpl.example, and the output rules
/// (trimmed, one destination a line, no output = skip). Needs the GoTemplate engine.
struct TemplateMapperTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func mapper(_ relative: String) throws -> Mapper {
        try Mapper(parsing: "go-template=\(Self.root.appendingPathComponent(relative).path)")
    }

    private func map(_ mapper: Mapper, _ source: String, labels: String? = nil) throws -> [String] {
        try mapper.destinations(for: MappingFixtures.subject(source, labels: labels)).map(\.reference.description)
    }

    @Test func readyTemplatesRender() throws {
        let digest = try MappingFixtures.subject("docker.io/library/busybox:1.36").digest
        #expect(try map(mapper("templates/nest-by-registry.tmpl"), "localhost:5000/team/app:1") == ["reg.high/mirror/localhost_5000/team/app:1"])
        #expect(try map(mapper("templates/strip-registry.tmpl"), "docker.io/library/busybox:1.36") == ["reg.high/library/busybox:1.36"])
        #expect(try map(mapper("templates/keep-digests.tmpl"), "docker.io/library/busybox:1.36") == ["reg.high/pinned/library/busybox@\(digest)"])
        let route = try mapper("templates/route-docker-hub.tmpl")
        #expect(try map(route, "docker.io/library/busybox:1.36") == ["hub.high/library/busybox:1.36"])
        #expect(try map(route, "quay.io/org/app:2") == ["reg.high/quay.io/org/app:2"])
        // Short Docker Hub names, as sources.list.example writes them, and index.docker.io.
        #expect(try map(route, "busybox:1.36") == ["hub.high/library/busybox:1.36"])
        #expect(try map(route, "index.docker.io/team/app:1") == ["hub.high/team/app:1"])
        #expect(try map(mapper("templates/nest-by-registry.tmpl"), "team/app:1") == ["reg.high/mirror/docker.io/team/app:1"])
        let strip = try map(mapper("templates/strip-registry.tmpl"), "busybox")
        #expect(strip == ["reg.high/library/busybox:latest"], "\(strip)")
        let alpine = try MappingFixtures.subject("alpine:3.20")
        #expect(try mapper("templates/keep-digests.tmpl").destinations(for: alpine).map(\.reference.description)
                == ["reg.high/pinned/library/alpine@\(alpine.digest)"])
    }

    @Test func exampleSkipsRoutesAndDuplicates() throws {
        let example = try mapper("scatter.tmpl.example")
        #expect(try map(example, "quay.io/org/app:2", labels: #"{"tier":"test"}"#).isEmpty)
        #expect(try map(example, "docker.io/library/busybox:1.36") == ["hub.high/library/busybox:1.36"])
        let hubRelease = try MappingFixtures.subject("busybox:1.36", labels: #"{"channel":"release"}"#)
        #expect(try example.destinations(for: hubRelease).map(\.reference.description)
                == ["hub.high/library/busybox:1.36", "archive.high/library/busybox@\(hubRelease.digest)"])
        let subject = try MappingFixtures.subject("quay.io/org/app:2", labels: #"{"channel":"release"}"#)
        #expect(try example.destinations(for: subject).map(\.reference.description)
                == ["reg.high/mirror/quay.io/org/app:2", "archive.high/org/app@\(subject.digest)"])
    }

    @Test func outputLinesAndErrors() throws {
        let lines = try MappingFixtures.file("\n  reg.high/a:{{ .Size }}  \n\n{{ if .Platform }}x{{ else }}reg.high/b@{{ .Digest }}{{ end }}\n", name: "t.tmpl")
        let subject = try MappingFixtures.subject("quay.io/x:1")
        #expect(try Mapper(parsing: "go-template=\(lines)").destinations(for: subject).map(\.reference.description)
                == ["reg.high/a:100", "reg.high/b@\(subject.digest)"])
        let windows = try MappingFixtures.file("reg.high/a:1\r\nreg.high/b:2\r\n", name: "crlf.tmpl")
        #expect(try Mapper(parsing: "go-template=\(windows)").destinations(for: subject).map(\.reference.description)
                == ["reg.high/a:1", "reg.high/b:2"])
        let bad = try MappingFixtures.file("{{ if }}\n", name: "bad.tmpl")
        #expect { try Mapper(parsing: "go-template=\(bad)") } throws: { "\($0)".contains("bad.tmpl") }
        let invalid = try MappingFixtures.file("Reg.High/{{ .MediaType }}\n", name: "invalid.tmpl")
        #expect { try Mapper(parsing: "go-template=\(invalid)").destinations(for: subject) } throws: { "\($0)".hasPrefix("\(invalid): destination") }
    }
}
