import Foundation

/// sprig's encoding and hashing functions, and JSON as Go's `encoding/json` writes it.
extension Functions {
    static let sprigEncoding: FunctionTable = [
        "b64enc": GoFunction([.string]) { .string(Data(str($0[0]).utf8).base64EncodedString()) },
        "b64dec": GoFunction([.string]) { args in
            guard let data = Data(base64Encoded: str(args[0])) else {
                return .string("illegal base64 data at input byte \(TemplateJSON.badBase64Offset(str(args[0])))")
            }
            return .string(String(decoding: data, as: UTF8.self))
        },
        "sha256sum": GoFunction([.string]) { .string(Digests.sha256Hex(Array(str($0[0]).utf8))) },
        "sha1sum": GoFunction([.string]) { .string(Digests.sha1Hex(Array(str($0[0]).utf8))) },
        // Go's toJson and toPrettyJson swallow the encoder's error and return "".
        "toJson": GoFunction([.any]) { .string((try? json($0[0], indent: nil)) ?? "") },
        "toPrettyJson": GoFunction([.any]) { .string((try? json($0[0], indent: "  ")) ?? "") },
        "fromJson": GoFunction([.string]) { args in
            guard let value = try? TemplateValue(json: Data(str(args[0]).utf8)) else { return .missing }
            return Value(dynamic: value.asGoJSONNumbers)
        },
    ]
}

extension TemplateValue {
    /// `encoding/json` decodes every number into float64.
    var asGoJSONNumbers: TemplateValue {
        switch self {
        case .int(let number): return .float(Double(number))
        case .list(let items): return .list(items.map(\.asGoJSONNumbers))
        case .map(let map): return .map(GoMap(map.entries.mapValues(\.asGoJSONNumbers)))
        default: return self
        }
    }
}
