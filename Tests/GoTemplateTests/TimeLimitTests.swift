import Foundation
import GoTemplate
import Testing
import TestSupport

/// Execution stops at its deadline and when its task is cancelled (SIGTERM or Ctrl-C in the CLI
/// cancel the command's task), with a `template: …` error.
@Suite struct TimeLimitTests {
    static let quick = TemplateLimits(timeLimit: .milliseconds(200))

    func timed(_ text: String, _ data: TemplateValue = .none, limits: TemplateLimits = quick)
        -> (message: String, seconds: Double)
    {
        let start = ContinuousClock.now
        let message: String
        do {
            message = try Template(name: "t", text: text, limits: limits).execute(data)
        } catch {
            message = "\(error)"
        }
        let elapsed = ContinuousClock.now - start
        return (message, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test(arguments: [
        "{{range 1000000000}}{{end}}",
        "{{range 100000}}{{range 100000}}{{end}}{{end}}",
        #"{{$l := list}}{{range 100000}}{{$l = append $l .}}{{end}}"#,
    ])
    func loopsStopAtTheDeadline(text: String) {
        let (message, seconds) = timed(text)
        #expect(message.hasPrefix("template: t:1:"))
        #expect(message.hasSuffix("exceeded the time limit (0.2s)"))
        #expect(seconds < 5)
    }

    @Test func uniqOverALongListStopsAtTheDeadline() {
        let distinct = TemplateValue.list((0..<200_000).map { .int($0) })
        let (message, seconds) = timed("{{uniq . | len}}", distinct)
        #expect(message.hasSuffix("exceeded the time limit (0.2s)"))
        #expect(seconds < 5)
    }

    @Test func catastrophicBacktrackingStopsAtTheDeadline() {
        for function in ["regexMatch", "regexFind"] {
            let (message, seconds) = timed(#"{{\#(function) "(a+)+$" (printf "%sb" (repeat 64 "a"))}}"#)
            #expect(message.hasSuffix("error calling \(function): exceeded the time limit (0.2s)"), "\(message)")
            #expect(seconds < 5)
        }
        let (message, _) = timed(#"{{regexReplaceAll "(x+x+)+y" (repeat 5000 "x") "z"}}"#)
        #expect(message.hasSuffix("error calling regexReplaceAll: exceeded the time limit (0.2s)"), "\(message)")
    }

    @Test func cancellingTheTaskStopsExecution() async throws {
        // A deadline far away: the error below can then only come from the cancellation. (Timing
        // is not asserted: with the suite's blocking tests holding both threads of the pool on
        // 2 cores, this task itself may start tens of seconds late.)
        let limits = TemplateLimits(timeLimit: .seconds(600))
        let template = try Template(name: "t", text: "{{range 1000000000}}{{end}}", limits: limits)
        let running = Latch("execution started")
        let task = Task {
            running.signal()
            return try template.execute(.none)
        }
        try await running.arrival()
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result else {
            Issue.record("execution was not stopped")
            return
        }
        #expect("\(error)" == #"template: t:1:8: executing "t" at <{{range 1000000000}}>: execution cancelled"#)
    }
}

/// Go's regexp is RE2: what RE2 lacks is refused as Go refuses it (sprig's regexMatch: no match).
@Suite struct RegexSyntaxTests {
    @Test(arguments: [
        (#"(a)\1"#, #"invalid escape sequence: `\1`"#),
        ("a(?=b)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(?<!a)b", "invalid or unsupported Perl syntax: `(?<!`"),
        ("(?>a+)b", "invalid or unsupported Perl syntax: `(?>`"),
        ("a*+b", "invalid nested repetition operator: `*+`"),
        ("a{2}+", "invalid nested repetition operator: `}+`"),
    ])
    func unsupportedSyntaxIsRefused(pattern: String, reason: String) throws {
        let quoted = "\"" + pattern.replacingOccurrences(of: "\\", with: "\\\\") + "\""
        #expect(throws: TemplateError.self) { try Template(name: "t", text: "{{regexFind \(quoted) \"ab\"}}").execute(.none) }
        do {
            _ = try Template(name: "t", text: "{{regexFind \(quoted) \"ab\"}}").execute(.none)
        } catch {
            #expect("\(error)".hasSuffix("error parsing regexp: \(reason)"))
        }
        #expect(try Template(name: "t", text: "{{regexMatch \(quoted) \"ab\"}}").execute(.none) == "false")
    }

    @Test func supportedSyntaxStillWorks() throws {
        let text = #"{{regexFind "[*+]+?x{1,2}" "a*+xx"}}|{{regexReplaceAll "a(?P<n>b)?" "abac" "${n}."}}|"#
            + #"{{regexMatch "a??b" "ab"}}|{{regexReplaceAll "" "ab" "-"}}|{{regexFind "[(?=]+" "(?="}}"#
        #expect(try Template(name: "t", text: text).execute(.none) == "*+xx|b..c|true|-a-b-|(?=")
    }
}
