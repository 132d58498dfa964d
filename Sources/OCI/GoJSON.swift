import Foundation

/// JSON byte-identical to Go's `encoding/json.Marshal` of the image-spec v1.1 Go structs.
///
/// Files ferry generates (gather indexes, index.json, checkpoints) are also read and hashed by
/// ace-dt, and a manifest's digest is over its bytes, so "equivalent JSON" is not enough: field
/// order, omitempty, map key order and string escaping must all match Go's.
public enum GoJSON {
    /// A JSON string literal escaped as Go does with HTML escaping on (Go ≥ 1.22): `"` `\` and
    /// control characters (`\b \f \n \r \t` short, others `\u00xx`), `<` `>` `&` and U+2028/U+2029
    /// as `\u` escapes; `/` and everything else verbatim.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += unicodeEscape(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A `map[string]string` as Go marshals it: keys sorted by bytes. Used for the labels annotation.
    public static func encode(_ value: [String: String]) -> Data {
        var writer = Writer()
        writer.map(value)
        return writer.data
    }

    /// `encode` as a string, for values that go into annotations.
    public static func encodeString(_ value: [String: String]) -> String {
        var writer = Writer()
        writer.map(value)
        return writer.text
    }

    /// A `[]Descriptor` as Go marshals it (e.g. the extra-manifests annotation).
    public static func encode(_ descriptors: [Descriptor]) -> Data {
        var writer = Writer()
        writer.array(descriptors) { $0.descriptor($1) }
        return writer.data
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Appends compact JSON. Field order and omitempty rules are written out per struct, in
    /// the order of the image-spec v1.1 Go declarations.
    struct Writer {
        var text = ""
        var data: Data { Data(text.utf8) }

        mutating func object(_ body: (inout ObjectWriter) -> Void) {
            var object = ObjectWriter()
            body(&object)
            text += "{" + object.text + "}"
        }

        mutating func array<T>(_ items: [T], _ element: (inout Writer, T) -> Void) {
            text += "["
            for (i, item) in items.enumerated() {
                if i > 0 { text += "," }
                element(&self, item)
            }
            text += "]"
        }

        /// Go sorts map keys by their UTF-8 bytes, not by Unicode collation.
        mutating func map(_ value: [String: String]) {
            object { o in
                for key in value.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    o.string(key, value[key] ?? "")
                }
            }
        }

        mutating func descriptor(_ d: Descriptor) {
            object { o in
                o.string("mediaType", d.mediaType)  // not omitempty since image-spec v1.1
                o.string("digest", d.digest.description)
                o.raw("size", String(d.size))
                if let urls = d.urls, !urls.isEmpty { o.strings("urls", urls) }
                if let annotations = d.annotations, !annotations.isEmpty { o.field("annotations") { $0.map(annotations) } }
                if let data = d.data, !data.isEmpty {
                    // Go holds []byte and re-encodes it as padded standard base64.
                    o.string("data", Data(base64Encoded: data)?.base64EncodedString() ?? data)
                }
                if let platform = d.platform { o.field("platform") { $0.platform(platform) } }
                if let artifactType = d.artifactType, !artifactType.isEmpty { o.string("artifactType", artifactType) }
            }
        }

        /// image-spec v1.1's Platform has no `features` field, so Go drops it.
        mutating func platform(_ p: Platform) {
            object { o in
                o.string("architecture", p.architecture)
                o.string("os", p.os)
                if let v = p.osVersion, !v.isEmpty { o.string("os.version", v) }
                if let f = p.osFeatures, !f.isEmpty { o.strings("os.features", f) }
                if let v = p.variant, !v.isEmpty { o.string("variant", v) }
            }
        }

        mutating func manifest(_ m: ImageManifest) {
            object { o in
                o.raw("schemaVersion", String(m.schemaVersion))
                if let t = m.mediaType, !t.isEmpty { o.string("mediaType", t) }
                if let t = m.artifactType, !t.isEmpty { o.string("artifactType", t) }
                o.field("config") { $0.descriptor(m.config) }
                o.field("layers") { $0.array(m.layers) { $0.descriptor($1) } }  // not omitempty in v1.1
                if let s = m.subject { o.field("subject") { $0.descriptor(s) } }
                if let a = m.annotations, !a.isEmpty { o.field("annotations") { $0.map(a) } }
            }
        }

        mutating func index(_ i: ImageIndex) {
            object { o in
                o.raw("schemaVersion", String(i.schemaVersion))
                if let t = i.mediaType, !t.isEmpty { o.string("mediaType", t) }
                if let t = i.artifactType, !t.isEmpty { o.string("artifactType", t) }
                o.field("manifests") { $0.array(i.manifests) { $0.descriptor($1) } }
                if let s = i.subject { o.field("subject") { $0.descriptor(s) } }
                if let a = i.annotations, !a.isEmpty { o.field("annotations") { $0.map(a) } }
            }
        }
    }

    /// Writes `"key":value` pairs with commas between them.
    struct ObjectWriter {
        var text = ""

        mutating func raw(_ key: String, _ json: String) {
            if !text.isEmpty { text += "," }
            text += GoJSON.quote(key) + ":" + json
        }

        mutating func string(_ key: String, _ value: String) { raw(key, GoJSON.quote(value)) }

        mutating func strings(_ key: String, _ values: [String]) {
            raw(key, "[" + values.map(GoJSON.quote).joined(separator: ",") + "]")
        }

        mutating func field(_ key: String, _ value: (inout Writer) -> Void) {
            var writer = Writer()
            value(&writer)
            raw(key, writer.text)
        }
    }
}

public extension Descriptor {
    /// Compact JSON exactly as Go's `json.Marshal(v1.Descriptor)` writes it.
    func goJSON() -> Data {
        var writer = GoJSON.Writer()
        writer.descriptor(self)
        return writer.data
    }
}

public extension ImageManifest {
    /// Compact JSON exactly as Go's `json.Marshal(v1.Manifest)` writes it; hash these bytes.
    func goJSON() -> Data {
        var writer = GoJSON.Writer()
        writer.manifest(self)
        return writer.data
    }
}

public extension ImageIndex {
    /// Compact JSON exactly as Go's `json.Marshal(v1.Index)` writes it; hash these bytes.
    func goJSON() -> Data {
        var writer = GoJSON.Writer()
        writer.index(self)
        return writer.data
    }
}
