/// Bounds on what one template may cost, so a hostile or mistaken template fails with a
/// `TemplateError` instead of exhausting the stack, memory or time of the process running it.
///
/// Go relies on growable goroutine stacks and allows a template depth of 100000; Swift threads
/// have fixed stacks, so parsing and execution run on a thread of `stackSize` bytes and nesting
/// stops at `maxDepth`, which that stack holds with room to spare (DepthLimitTests measure it).
public struct TemplateLimits: Sendable, Equatable {
    /// Nesting of template calls, `if`/`range`/`with` bodies, `else if` chains and parentheses,
    /// counted together because each level costs stack in the parser and the evaluator.
    public var maxDepth: Int
    /// Nesting written in the text (`if`/`range`/`with`/`block` bodies, `else if` chains,
    /// parentheses). Lower than `maxDepth` because the parse tree is freed on the caller's
    /// thread, whatever its stack; Go itself stops parentheses at 10000.
    public var maxNesting: Int
    /// Everything the template prints.
    public var maxOutputBytes: Int
    /// Any one string a function builds (`repeat`, `printf` padding, `replace`, `join`, ...).
    public var maxStringBytes: Int
    /// Elements and nesting of one list or dict a function builds, so printing, comparing or
    /// freeing it stays bounded too.
    public var maxValueElements: Int
    public var maxValueDepth: Int
    /// Wall-clock time of one execution, regular expressions included.
    public var timeLimit: Duration
    /// The stack of the thread that parses and executes; only the pages used are committed.
    public var stackSize: Int

    public init(maxDepth: Int = 10_000, maxNesting: Int = 1_000, maxOutputBytes: Int = 16 << 20, maxStringBytes: Int = 16 << 20,
                maxValueElements: Int = 1 << 20, maxValueDepth: Int = 1_000,
                timeLimit: Duration = .seconds(10), stackSize: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxNesting = maxNesting
        self.maxOutputBytes = maxOutputBytes
        self.maxStringBytes = maxStringBytes
        self.maxValueElements = maxValueElements
        self.maxValueDepth = maxValueDepth
        self.timeLimit = timeLimit
        self.stackSize = stackSize
    }

    public static let `default` = TemplateLimits()
}
