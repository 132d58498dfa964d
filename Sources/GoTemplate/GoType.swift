/// The static Go type of a value, as far as template execution can observe it: argument
/// checks ("wrong type for value; expected string; got int64"), the zero value a missing map
/// key indexes to, and the type names in printf's `%!d(string=x)` output.
public indirect enum GoType: Sendable, Equatable, CustomStringConvertible {
    case any
    case bool, int, int32, int64, uint8, uint32, float64, string
    /// A defined type whose underlying type is string, such as `digest.Digest`. Go does not
    /// assign it to a `string` parameter, so sprig's string functions reject it.
    case namedString(String)
    case slice(GoType)
    /// `map[string]T`
    case map(GoType)
    case structure(String)
    /// `*T` for a struct `T`; a nil one prints `<nil>`.
    case pointer(String)

    public var description: String {
        switch self {
        case .any: return "interface {}"
        case .bool: return "bool"
        case .int: return "int"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .uint32: return "uint32"
        case .float64: return "float64"
        case .string: return "string"
        case .namedString(let name), .structure(let name): return name
        case .slice(let element): return "[]\(element)"
        case .map(let element): return "map[string]\(element)"
        case .pointer(let name): return "*\(name)"
        }
    }

    /// The type Go's `reflect.Kind` groups this under, for comparisons and truth.
    var isInteger: Bool { [.int, .int32, .int64, .uint8, .uint32].contains(self) }
    var isUnsigned: Bool { self == .uint8 || self == .uint32 }
    var isStringKind: Bool {
        if case .namedString = self { return true }
        return self == .string
    }

    /// The type a value of `data` has when stored in an `interface{}`.
    static func dynamic(_ data: TemplateValue) -> GoType {
        switch data {
        case .none: return .any
        case .bool: return .bool
        case .int: return .int
        case .float: return .float64
        case .string: return .string
        case .list: return .slice(.any)
        case .map: return .map(.any)
        case .structure(let name, _): return .structure(name)
        }
    }

    /// Go's zero value of this type (nil slices and maps are empty; a nil pointer is `.none`).
    var zero: Value {
        switch self {
        case .any: return .missing
        case .bool: return Value(.bool(false), self)
        case .int, .int32, .int64, .uint8, .uint32: return Value(.int(0), self)
        case .float64: return Value(.float(0), self)
        case .string, .namedString: return Value(.string(""), self)
        case .slice: return Value(.list([]), self)
        case .map: return Value(.map([:]), self)
        case .structure(let name): return Value(.structure(typeName: name, fields: []), self)
        case .pointer: return Value(.none, self)
        }
    }

    /// Whether a value of type `self` may be passed where `target` is declared.
    func isAssignable(to target: GoType) -> Bool {
        target == .any || self == target
    }

    /// Whether Go would accept nil (or a missing value) for this type.
    var canBeNil: Bool {
        switch self {
        case .any, .slice, .map, .pointer: return true
        default: return false
        }
    }
}
