import Foundation

/// JSON byte-identical to Go's `encoding/json.Marshal` of the image-spec v1.1 Go structs.
///
/// Files ferry generates (gather indexes, index.json, checkpoints) are also read and hashed by
/// ace-dt, and a manifest's digest is over its bytes, so "equivalent JSON" is not enough: field
/// order, omitempty, map key order and string escaping must all match Go's.
public enum GoJSON {
    /// A JSON string literal exactly as Go's `encoding/json` writes a string (HTML escaping on,
    /// Go ≥ 1.22, which ace-dt is built with). The one string encoder of ferry: the image-spec
    /// writer below and GoTemplate's `toJson` both use it, so a template and a manifest never
    /// disagree on a byte.
    public static func quote(_ s: String) -> String {
        quote(utf8: s.utf8)
    }

    /// `quote` over raw bytes, which may be invalid UTF-8 (a tar name, a file's contents).
    ///
    /// As Go's `appendString`: `"` and `\\` escaped; `\b \f \n \r \t` short (`\b`, `\f` since
    /// Go 1.22, `\u0008`, `\u000c` before); other controls below U+0020, `<` `>` `&` and
    /// U+2028/U+2029 as lowercase `\u` escapes; each byte that does not start a valid UTF-8
    /// sequence as `\ufffd` (one per byte, as Go's decoder advances one byte on an error);
    /// everything else, `/` and DEL included, verbatim.
    public static func quote(utf8 input: some Collection<UInt8>) -> String {
        let bytes = Array(input)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(bytes.count + 2)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): appendEscape(UInt32(byte), to: &out)
                default: out.append(byte)
                }
                index += 1
                continue
            }
            guard let length = validScalarLength(bytes, at: index) else {
                appendEscape(0xFFFD, to: &out)
                index += 1
                continue
            }
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9: line terminators to JavaScript.
            if length == 3 && bytes[index] == 0xE2 && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                appendEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
            } else {
                out += bytes[index..<index + length]
            }
            index += length
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, nil if there is none
    /// (overlong forms, surrogates and values above U+10FFFF are ill-formed, as Go's decoder says).
    private static func validScalarLength(_ bytes: [UInt8], at index: Int) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[index...].makeIterator()
        if case .valid(let encoded) = parser.parseScalar(from: &iterator) { return encoded.count }
        return nil
    }

    /// `\u` and four lowercase hex digits, as Go writes them.
    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
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
