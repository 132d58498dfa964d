/// The value ace-dt executes scatter templates with.
///
/// ace-dt calls `t.Execute(buf, d)` with `d` an `ocispec.Descriptor` (image-spec v1.1.1,
/// `specs-go/v1/descriptor.go`), a struct whose fields are, in order: `MediaType string`,
/// `Digest digest.Digest` (a string type; not accepted where sprig wants a `string`, use
/// `toString` or `printf "%s"`), `Size int64`, `URLs []string`, `Annotations map[string]string`
/// (so `index .Annotations "missing"` is ""), `Data []byte`, `Platform *Platform` (nil unless
/// set: `{{.Platform}}` prints `<nil>` and `{{.Platform.OS}}` is an execution error), and
/// `ArtifactType string`. `Platform` holds `Architecture`, `OS`, `OSVersion`, `OSFeatures
/// []string`, `Variant`.
extension TemplateValue {
    public struct Platform: Sendable, Equatable {
        public var architecture: String
        public var os: String
        public var osVersion: String
        public var osFeatures: [String]
        public var variant: String

        public init(architecture: String, os: String, osVersion: String = "", osFeatures: [String] = [], variant: String = "") {
            self.architecture = architecture
            self.os = os
            self.osVersion = osVersion
            self.osFeatures = osFeatures
            self.variant = variant
        }
    }

    /// An `ocispec.Descriptor` with Go's field order and static field types.
    public static func ociDescriptor(
        mediaType: String, digest: String, size: Int, urls: [String] = [], annotations: [String: String] = [:],
        data: [UInt8] = [], platform: Platform? = nil, artifactType: String = ""
    ) -> TemplateValue {
        let platformValue: TemplateValue = platform.map { platform in
            .structure(typeName: "v1.Platform", fields: [
                Field(name: "Architecture", value: .string(platform.architecture), type: .string),
                Field(name: "OS", value: .string(platform.os), type: .string),
                Field(name: "OSVersion", value: .string(platform.osVersion), type: .string),
                Field(name: "OSFeatures", value: TemplateValue(platform.osFeatures), type: .slice(.string)),
                Field(name: "Variant", value: .string(platform.variant), type: .string),
            ])
        } ?? .none
        return .structure(typeName: "v1.Descriptor", fields: [
            Field(name: "MediaType", value: .string(mediaType), type: .string),
            Field(name: "Digest", value: .string(digest), type: .namedString("digest.Digest")),
            Field(name: "Size", value: .int(size), type: .int64),
            Field(name: "URLs", value: TemplateValue(urls), type: .slice(.string)),
            Field(name: "Annotations", value: TemplateValue(annotations), type: .map(.string)),
            Field(name: "Data", value: .list(data.map { .int(Int($0)) }), type: .slice(.uint8)),
            Field(name: "Platform", value: platformValue, type: .pointer("v1.Platform")),
            Field(name: "ArtifactType", value: .string(artifactType), type: .string),
        ])
    }
}
