import GoTemplate
import Testing

/// Strings, values and output stop at `TemplateLimits` with a `template: …` error, before the
/// memory is taken (`repeat 1000000000 "x"` used to allocate gigabytes).
@Suite struct SizeLimitTests {
    func outcome(_ text: String, limits: TemplateLimits = .default) -> String {
        do {
            return try Template(name: "t", text: text, limits: limits).execute(.none)
        } catch let error as TemplateError {
            return "\(error)"
        } catch {
            return "not a TemplateError: \(error)"
        }
    }

    @Test(arguments: [
        #"{{repeat 1000000000 "x"}}"#,
        #"{{repeat 9223372036854775807 "xy"}}"#,
        #"{{indent 100000000 "a\nb"}}"#,
        #"{{nindent 10000 (repeat 10000 "\n")}}"#,
        #"{{replace "" (repeat 1000 "y") (repeat 100000 "x")}}"#,
        #"{{replace "x" (repeat 100000 "y") (repeat 1000 "x")}}"#,
        #"{{join (repeat 100000 "s") (splitList "" (repeat 1000 "x"))}}"#,
        #"{{regexReplaceAll "" (repeat 100000 "x") (repeat 1000 "y")}}"#,
        #"{{printf "%*d" 1000000 (splitList "" (repeat 100 "x"))}}"#,
    ])
    func amplifyingFunctionsFailBeforeBuilding(text: String) {
        let message = outcome(text)
        #expect(message.hasPrefix("template: t:1:"), "\(message.prefix(200))")
        #expect(message.contains("over the limit of 16777216 bytes"), "\(message.prefix(200))")
    }

    @Test func doublingAStringStopsAtTheLimit() {
        let message = outcome(#"{{$s := "x"}}{{range 40}}{{$s = printf "%s%s" $s $s}}{{end}}{{len $s}}"#)
        #expect(message.contains("error calling printf: result would be 33554432 bytes, over the limit of 16777216 bytes"))
    }

    @Test func doublingAListStopsAtTheElementLimit() {
        let message = outcome(#"{{$l := list 1}}{{range 40}}{{$l = list $l $l}}{{end}}{{len $l}}"#)
        #expect(message.contains("error calling list: result has more than the limit of 1048576 elements"))
    }

    @Test func aListOfTheSameLongStringCountsEveryCopy() {
        let message = outcome(#"{{$s := repeat 10000000 "x"}}{{$l := list $s $s}}"#)
        #expect(message.contains("result holds more than the limit of 16777216 bytes of text"))
    }

    @Test func nestingAValueStopsAtTheDepthLimit() {
        let message = outcome(#"{{$l := list}}{{range 2000}}{{$l = list $l}}{{end}}"#)
        #expect(message.contains("error calling list: result nests deeper than the limit of 1000 levels"))
    }

    @Test func outputStopsAtItsLimit() {
        let limits = TemplateLimits(maxOutputBytes: 1 << 20)
        let message = outcome(#"{{range 100000}}{{repeat 1000 "x"}}{{end}}"#, limits: limits)
        #expect(message.hasPrefix(#"template: t:1:18: executing "t" at <{{repeat 1000 "x"}}>: output would be 1049000 bytes"#))
        #expect(outcome(#"{{range 1000}}{{repeat 1000 "x"}}{{end}}"#, limits: limits).count == 1_000_000)
    }

    @Test func printfWidthsFollowGoLimits() {
        #expect(outcome(#"{{printf "%9999999d|" 1 | len}}"#) == "10000000")
        #expect(outcome(#"{{printf "%99999999d|" 1}} {{printf "%*d|" 1000001 1}} {{printf "%.*d|" 1000001 1}}"#)
            == "%!(NOVERB)%!(EXTRA int=1) %!(BADWIDTH)1| %!(BADPREC)1|")
        #expect(outcome(#"{{printf "%*d|%-*d|" -3 1 2 2}}"#) == "1  |2 |")
    }
}
