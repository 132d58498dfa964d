/// The MAPPER argument of scatter, clone and unarchive: `TYPE=ARGUMENT`, as ace-dt writes it.
///
/// Parsing only splits and names the parts; files are read when a `Mapper` is built, so a
/// command line can be checked (exit 2) before anything is opened.
public enum MapperSpec: Sendable, Equatable, CustomStringConvertible {
    /// `nest=REG/PREFIX`: every source under one repository prefix.
    case nest(String)
    /// `first-prefix=FILE`: the first matching line of a `SOURCE-PREFIX,DEST-PREFIX` CSV.
    case firstPrefix(String)
    /// `all-prefix=FILE`: every matching line (several destinations).
    case allPrefix(String)
    /// `longest-prefix=FILE`: the longest matching prefix; an empty prefix is the default.
    case longestPrefix(String)
    /// `digests=FILE`: `sha256:…,DEST-REF` lines.
    case digests(String)
    /// `go-template=FILE`: a Go text/template run once per manifest.
    case goTemplate(String)

    /// The types in the order the help lists them.
    public static let typeNames = ["nest", "first-prefix", "all-prefix", "longest-prefix", "digests", "go-template"]

    /// Throws `MappingError.invalidSpec` for a missing `=`, an empty argument or an unknown type.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw MappingError.invalidSpec(text, reason: "use TYPE=ARGUMENT, TYPE one of \(Self.typeNames.joined(separator: ", "))")
        }
        let type = String(text[..<equals])
        let argument = String(text[text.index(after: equals)...])
        guard !argument.isEmpty else {
            throw MappingError.invalidSpec(text, reason: "\(type)= needs an argument (\(type == "nest" ? "a registry/prefix" : "a file"))")
        }
        switch type {
        case "nest": self = .nest(argument)
        case "first-prefix": self = .firstPrefix(argument)
        case "all-prefix": self = .allPrefix(argument)
        case "longest-prefix": self = .longestPrefix(argument)
        case "digests": self = .digests(argument)
        case "go-template": self = .goTemplate(argument)
        default:
            throw MappingError.invalidSpec(text, reason: "unknown mapper type \"\(type)\" (known: \(Self.typeNames.joined(separator: ", ")))")
        }
    }

    public var typeName: String {
        switch self {
        case .nest: return "nest"
        case .firstPrefix: return "first-prefix"
        case .allPrefix: return "all-prefix"
        case .longestPrefix: return "longest-prefix"
        case .digests: return "digests"
        case .goTemplate: return "go-template"
        }
    }

    /// The part after `=`: the nest prefix or the file.
    public var argument: String {
        switch self {
        case .nest(let value), .firstPrefix(let value), .allPrefix(let value), .longestPrefix(let value),
             .digests(let value), .goTemplate(let value):
            return value
        }
    }

    public var description: String { "\(typeName)=\(argument)" }
}
