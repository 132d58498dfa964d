/// Kubernetes label key and value rules (apimachinery `IsQualifiedName`, `IsValidLabelValue`),
/// which ace-dt applies to sources.list labels and selectors; ferry accepts exactly the same set
/// so a file valid for one is valid for the other. Messages follow apimachinery's wording.
enum KubernetesLabel {
    /// Why `key` is not a valid label key, or nil when it is.
    /// A key is `[prefix/]name`: prefix a lowercase DNS-1123 subdomain of at most 253
    /// characters, name at most 63 characters of `[A-Za-z0-9._-]` starting and ending alphanumeric.
    static func keyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty { return "prefix part must be non-empty" }
            if let problem = subdomainProblem(prefix) { return "prefix part \(problem)" }
        default:
            return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
                + "and must start and end with an alphanumeric character, with an optional DNS "
                + "subdomain prefix and '/' (e.g. 'example.com/MyName')"
        }
        if name.isEmpty { return "name part must be non-empty" }
        if name.utf8.count > 63 { return "name part must be no more than 63 characters" }
        if !isQualifiedBody(name) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', "
                + "and must start and end with an alphanumeric character"
        }
        return nil
    }

    /// Why `value` is not a valid label value, or nil when it is (the empty value is valid).
    static func valueProblem(_ value: String) -> String? {
        if value.utf8.count > 63 { return "must be no more than 63 characters" }
        if !value.isEmpty, !isQualifiedBody(Substring(value)) {
            return "a valid label value must be an empty string or consist of alphanumeric "
                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        }
        return nil
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    private static func isQualifiedBody(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last,
              isAlphanumeric(first), isAlphanumeric(last) else { return false }
        let punctuation: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")]
        return bytes.allSatisfy { isAlphanumeric($0) || punctuation.contains($0) }
    }

    /// Lowercase RFC 1123 subdomain: dot-separated labels of `[a-z0-9-]`, each starting and
    /// ending alphanumeric, at most 253 characters in all.
    private static func subdomainProblem(_ text: Substring) -> String? {
        if text.utf8.count > 253 { return "must be no more than 253 characters" }
        let valid = text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last,
                  isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
            return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
        if valid { return nil }
        return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')"
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
