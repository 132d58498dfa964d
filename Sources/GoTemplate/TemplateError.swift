/// A parse or execution failure, worded as Go's `text/template` words it:
/// `template: NAME:LINE: …` for parse errors and
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: …` for execution errors.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
