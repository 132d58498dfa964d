import Foundation
import GoTemplate
import OCI

/// `go-template=FILE`: a Go text/template run once per manifest with its gather-index descriptor
/// as dot; the output is trimmed and split on newlines, each non-empty line a destination, no
/// line at all a deliberate skip (ace-dt's `templateMapper`, named after the file's base name).
struct TemplateMapper: CandidateMapper {
    let template: Template
    let file: String

    /// Reads and parses the file: a syntax error names file, line and column before any image.
    init(file: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw MappingError.invalidSpec("go-template=\(file)", reason: "cannot read \(file): \(error.localizedDescription)")
        }
        do {
            template = try Template(name: (file as NSString).lastPathComponent, text: text)
        } catch {
            throw MappingError.invalidSpec("go-template=\(file)", reason: "\(error)")
        }
        self.file = file
    }

    func candidates(for subject: MappingSubject) throws -> [CandidateDestination] {
        let output: String
        do {
            output = try template.execute(DescriptorValue.make(subject.descriptor))
        } catch {
            throw MappingError.template(source: subject.source, rule: file, message: "\(error)")
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
            // Any line break, "\r\n" included: a template saved on Windows prints CRLF lines, and
            // Swift keeps "\r\n" as one Character that a split on "\n" would never see.
            .split(whereSeparator: \.isNewline)
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map { CandidateDestination(text: $0, rule: file) }
    }
}

/// An OCI descriptor shaped as Go's `ocispec.Descriptor`, field for field and type for type,
/// so `{{ .Digest }}`, `{{ .Platform }}` and `{{ index .Annotations "k" }}` render as in ace-dt.
enum DescriptorValue {
    static func make(_ descriptor: Descriptor) -> TemplateValue {
        .structure(typeName: "v1.Descriptor", fields: [
            .init(name: "MediaType", value: .string(descriptor.mediaType), type: .string),
            .init(name: "Digest", value: .string(descriptor.digest.description), type: .namedString("digest.Digest")),
            .init(name: "Size", value: .int(Int(descriptor.size)), type: .int64),
            .init(name: "URLs", value: TemplateValue(descriptor.urls ?? []), type: .slice(.string)),
            .init(name: "Annotations", value: TemplateValue(descriptor.annotations ?? [:]), type: .map(.string)),
            .init(name: "Data", value: .list(Array(Data(base64Encoded: descriptor.data ?? "") ?? Data()).map { .int(Int($0)) }),
                  type: .slice(.uint8)),
            .init(name: "Platform", value: descriptor.platform.map(platform) ?? .none, type: .pointer("v1.Platform")),
            .init(name: "ArtifactType", value: .string(descriptor.artifactType ?? ""), type: .string),
        ])
    }

    private static func platform(_ platform: Platform) -> TemplateValue {
        .structure(typeName: "v1.Platform", fields: [
            .init(name: "Architecture", value: .string(platform.architecture), type: .string),
            .init(name: "OS", value: .string(platform.os), type: .string),
            .init(name: "OSVersion", value: .string(platform.osVersion ?? ""), type: .string),
            .init(name: "OSFeatures", value: TemplateValue(platform.osFeatures ?? []), type: .slice(.string)),
            .init(name: "Variant", value: .string(platform.variant ?? ""), type: .string),
        ])
    }
}
