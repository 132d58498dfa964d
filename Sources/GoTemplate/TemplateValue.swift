import Foundation

/// The data a template runs on, shaped like the Go values `text/template` sees.
///
/// Maps are Go `map[string]any` (printed and ranged in sorted key order, shared by reference:
/// `GoMap`), lists are `[]any`,
/// and `.structure` is a Go struct whose fields keep their declared order (Go prints `{v1 v2}`).
/// A struct field may carry its static Go type (`Field.type`) because Go's behaviour depends on it:
/// a missing key in a `map[string]string` indexes to "" rather than `<no value>`, and a nil
/// `*Platform` prints `<nil>` instead of `<no value>`.
public indirect enum TemplateValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([TemplateValue])
    case map(GoMap)
    case structure(typeName: String, fields: [Field])

    /// One field of a Go struct; `type` is its declared Go type when that differs from `any`.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: TemplateValue
        public var type: GoType?

        public init(name: String, value: TemplateValue, type: GoType? = nil) {
            self.name = name
            self.value = value
            self.type = type
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .none }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .map(GoMap(Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }

    /// A `map[string]any` of strings, e.g. annotations.
    public init(_ strings: [String: String]) { self = .map(GoMap(strings.mapValues { .string($0) })) }
    /// A `[]any` of strings.
    public init(_ strings: [String]) { self = .list(strings.map { .string($0) }) }
}

extension TemplateValue {
    /// Decodes JSON the way ferry hands data to templates: integers become `.int`, other numbers
    /// `.float`, `null` becomes `.none`.
    public init(json: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: json).value
    }
}

/// Decodes any JSON document into a `TemplateValue`.
private struct JSONValue: Decodable {
    var value: TemplateValue

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .none
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            value = .int(number)
        } else if let number = try? container.decode(Double.self) {
            value = .float(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            value = .list(items.map(\.value))
        } else {
            value = .map(GoMap(try container.decode([String: JSONValue].self).mapValues(\.value)))
        }
    }
}
