/// A Go `map[string]any` as a template sees it: a reference. `$a := $d` shares the map,
/// `set`/`unset`/`merge` change it in place and return it, and a later change to a dict nested
/// in another one is seen wherever that dict is held, as in Go.
///
/// Sendable invariant: a `GoMap` is only changed by the execution that made it. `Template.execute`
/// gives each execution its own copy of the caller's maps (`TemplateValue.ownMaps`), and one
/// execution runs on one thread, so no map is ever changed while another thread reads it.
public final class GoMap: @unchecked Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The entries; changed only through the sprig functions that change maps in Go.
    public internal(set) var entries: [String: TemplateValue]

    public init(_ entries: [String: TemplateValue]) { self.entries = entries }

    public convenience init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// Equal entries (Go's `reflect.DeepEqual`); a map is equal to itself without looking inside.
    public static func == (lhs: GoMap, rhs: GoMap) -> Bool { lhs === rhs || lhs.entries == rhs.entries }

    public subscript(key: String) -> TemplateValue? { entries[key] }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var keys: Dictionary<String, TemplateValue>.Keys { entries.keys }
    public var values: Dictionary<String, TemplateValue>.Values { entries.values }

    /// A map of its own all the way down (sprig's `deepCopy`).
    func deepCopy() -> GoMap { GoMap(entries.mapValues(\.deepCopy)) }
}

extension TemplateValue {
    /// This value with every map copied (`deepCopy`, and each execution's own copy of its data).
    var deepCopy: TemplateValue {
        switch self {
        case .map(let map): return .map(map.deepCopy())
        case .list(let items): return .list(items.map(\.deepCopy))
        case .structure(let name, let fields):
            return .structure(typeName: name, fields: fields.map { var field = $0; field.value = field.value.deepCopy; return field })
        default: return self
        }
    }

    /// `deepCopy` when the value holds a map, else the value itself (no copy at all).
    var ownMaps: TemplateValue { holdsMap ? deepCopy : self }

    private var holdsMap: Bool {
        switch self {
        case .map: return true
        case .list(let items): return items.contains(where: \.holdsMap)
        case .structure(_, let fields): return fields.contains(where: \.value.holdsMap)
        default: return false
        }
    }
}
