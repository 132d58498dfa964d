/// A value during execution: the data plus its static Go type. `.missing` stands for Go's
/// invalid `reflect.Value` and a nil interface alike; the evaluator never needs to tell those
/// apart because each pipeline stage unwraps interfaces, as Go does.
struct Value: Sendable, Equatable {
    var data: TemplateValue
    var type: GoType

    init(_ data: TemplateValue, _ type: GoType) {
        self.data = data
        self.type = type == .any ? GoType.dynamic(data) : type
    }

    /// A value stored in an `interface{}`: its type is whatever the data is.
    init(dynamic data: TemplateValue) { self.init(data, .any) }

    static let missing = Value(.none, .any)

    var isMissing: Bool { type == .any }
    /// A typed nil pointer such as a descriptor's absent `Platform`.
    var isNilPointer: Bool {
        if case .pointer = type, data == .none { return true }
        return false
    }

    static func string(_ text: String) -> Value { Value(.string(text), .string) }
    static func bool(_ flag: Bool) -> Value { Value(.bool(flag), .bool) }
    static func int(_ number: Int) -> Value { Value(.int(number), .int) }
    static func int64(_ number: Int) -> Value { Value(.int(number), .int64) }
    static func float(_ number: Double) -> Value { Value(.float(number), .float64) }
    static func list(_ items: [TemplateValue], of element: GoType = .any) -> Value {
        Value(.list(items), .slice(element))
    }
    static func strings(_ items: [String]) -> Value { list(items.map { .string($0) }, of: .string) }

    /// The element type of a slice or map value (`any` means: each element's own type).
    var elementType: GoType {
        switch type {
        case .slice(let element), .map(let element): return element
        default: return .any
        }
    }

    /// Wraps an element read out of this slice or map with its static type.
    func element(_ data: TemplateValue) -> Value { Value(data, elementType) }

    /// Go's truth: false, 0, nil, and empty strings, slices and maps are false; structs are true.
    var isTrue: Bool {
        switch data {
        case .none: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .float(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .list(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        case .structure: return true
        }
    }
}
