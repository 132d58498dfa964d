/// Parses label selector text into requirements with apimachinery's grammar and token rules:
/// white space is space, tab, CR and LF; `!=` and `==` are single tokens; `in` and `notin` are
/// keywords only where an operator is expected (so a key or value may be named `in`).
struct LabelSelectorParser {
    private enum Kind: Equatable {
        case end, identifier, openParen, closeParen, comma, not
        case equals, doubleEquals, notEquals, greaterThan, lessThan, inKeyword, notInKeyword
    }

    private struct Token {
        var kind: Kind
        var text: String
    }

    private let source: String
    private let tokens: [Token]
    private var position = 0

    init(_ source: String) {
        self.source = source
        self.tokens = Self.scan(source)
    }

    mutating func parse() throws -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        while true {
            let token = peek(valueContext: true)
            switch token.kind {
            case .end:
                return requirements
            case .identifier, .not:
                requirements.append(try parseRequirement())
                let after = next(valueContext: true)
                switch after.kind {
                case .end:
                    return requirements
                case .comma:
                    let following = peek(valueContext: true)
                    guard following.kind == .identifier || following.kind == .not else {
                        throw failure("found \(describe(following)) after ',', expected a requirement")
                    }
                default:
                    throw failure("found \(describe(after)), expected ',' or the end of the selector")
                }
            default:
                throw failure("found \(describe(token)), expected '!' or a label key")
            }
        }
    }

    private mutating func parseRequirement() throws -> LabelSelector.Requirement {
        var token = next(valueContext: true)
        let negated = token.kind == .not
        if negated { token = next(valueContext: true) }
        guard token.kind == .identifier else {
            throw failure("found \(describe(token)), expected a label key")
        }
        let key = token.text
        if let problem = KubernetesLabel.keyProblem(key) {
            throw failure("label key \"\(key)\": \(problem)")
        }
        let following = peek(valueContext: true).kind
        if negated || following == .end || following == .comma {
            // `!key` takes no operator; anything after it is reported by the caller.
            return .init(key: key, operator: negated ? .doesNotExist : .exists, values: [])
        }
        let operatorToken = next(valueContext: false)
        switch operatorToken.kind {
        case .inKeyword, .notInKeyword:
            let values = try parseValueList(key: key, keyword: operatorToken.text)
            return .init(key: key, operator: operatorToken.kind == .inKeyword ? .in : .notIn, values: values)
        case .equals, .doubleEquals, .notEquals:
            let value = try parseExactValue(key: key, operatorText: operatorToken.text)
            return .init(key: key, operator: operatorToken.kind == .notEquals ? .notEquals : .equals, values: [value])
        case .greaterThan, .lessThan:
            let value = try parseExactValue(key: key, operatorText: operatorToken.text)
            guard let bound = Int64(value) else {
                throw failure("\"\(key)\(operatorToken.text)\(value)\": '>' and '<' need an integer value")
            }
            let comparison: LabelSelector.Operator =
                operatorToken.kind == .greaterThan ? .greaterThan(bound) : .lessThan(bound)
            return .init(key: key, operator: comparison, values: [value])
        default:
            throw failure("found \(describe(operatorToken)) after key \"\(key)\", "
                + "expected one of =, ==, !=, in, notin, >, <, ',' or the end of the selector")
        }
    }

    /// `( value, value, … )`; empty entries (`()`, `(a,)`, `(,a)`) are the empty value.
    private mutating func parseValueList(key: String, keyword: String) throws -> [String] {
        let open = next(valueContext: true)
        guard open.kind == .openParen else {
            throw failure("found \(describe(open)) after \"\(key) \(keyword)\", expected '('")
        }
        var values: Set<String> = []
        var expectValue = true
        while true {
            let token = next(valueContext: true)
            switch token.kind {
            case .identifier where expectValue:
                try checkValue(token.text, key: key)
                values.insert(token.text)
                expectValue = false
            case .comma:
                if expectValue { values.insert("") }
                expectValue = true
            case .closeParen:
                if expectValue { values.insert("") }
                return values.sorted()
            default:
                let wanted = expectValue ? "a value, ',' or ')'" : "',' or ')'"
                throw failure("found \(describe(token)) in the value list of \"\(key)\", expected \(wanted)")
            }
        }
    }

    /// The single value after `=`, `==`, `!=`, `>` or `<`; nothing before ',' or the end is "".
    private mutating func parseExactValue(key: String, operatorText: String) throws -> String {
        let following = peek(valueContext: true)
        if following.kind == .end || following.kind == .comma { return "" }
        let token = next(valueContext: true)
        guard token.kind == .identifier else {
            throw failure("found \(describe(token)) after \"\(key)\(operatorText)\", expected a value")
        }
        try checkValue(token.text, key: key)
        return token.text
    }

    private func checkValue(_ value: String, key: String) throws {
        if let problem = KubernetesLabel.valueProblem(value) {
            throw failure("value \"\(value)\" for key \"\(key)\": \(problem)")
        }
    }

    // MARK: Tokens

    /// `in`/`notin` read as plain words everywhere except where an operator is expected.
    private func peek(valueContext: Bool) -> Token {
        let token = position < tokens.count ? tokens[position] : Token(kind: .end, text: "")
        guard valueContext, token.kind == .inKeyword || token.kind == .notInKeyword else { return token }
        return Token(kind: .identifier, text: token.text)
    }

    private mutating func next(valueContext: Bool) -> Token {
        let token = peek(valueContext: valueContext)
        if position < tokens.count { position += 1 }
        return token
    }

    private func describe(_ token: Token) -> String {
        token.kind == .end ? "the end of the selector" : "'\(token.text)'"
    }

    private func failure(_ reason: String) -> LabelSelectorError {
        LabelSelectorError(selector: source, reason: reason)
    }

    private static let specials: Set<Character> = ["=", "!", "(", ")", ",", ">", "<"]

    private static func isSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r" || character == "\n" || character == "\r\n"
    }

    private static func scan(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if isSpace(character) {
                index = text.index(after: index)
            } else if specials.contains(character) {
                let after = text.index(after: index)
                if (character == "!" || character == "="), after < text.endIndex, text[after] == "=" {
                    let pair = character == "!" ? Kind.notEquals : Kind.doubleEquals
                    tokens.append(Token(kind: pair, text: String(character) + "="))
                    index = text.index(after: after)
                    continue
                }
                let kind: Kind = switch character {
                case "=": .equals
                case "!": .not
                case "(": .openParen
                case ")": .closeParen
                case ",": .comma
                case ">": .greaterThan
                default: .lessThan
                }
                tokens.append(Token(kind: kind, text: String(character)))
                index = after
            } else {
                var end = index
                while end < text.endIndex, !isSpace(text[end]), !specials.contains(text[end]) {
                    end = text.index(after: end)
                }
                let word = String(text[index..<end])
                let kind: Kind = word == "in" ? .inKeyword : word == "notin" ? .notInKeyword : .identifier
                tokens.append(Token(kind: kind, text: word))
                index = end
            }
        }
        return tokens
    }
}
