import GoTemplate
import Testing

/// sprig functions the oracle cannot compare: random ones (property tests), and the size and
/// time bounds of the list and string builders added for issue 13.
@Suite struct SprigFunctionTests {
    func render(_ text: String, _ data: TemplateValue = .none) throws -> String {
        try Template(name: "t", text: text).execute(data)
    }

    func failure(_ text: String) -> String {
        do {
            return "no error: " + (try render(text))
        } catch {
            return "\(error)"
        }
    }

    @Test func randIntStaysInItsHalfOpenRange() throws {
        let draws = try render(#"{{range 2000}}{{randInt -3 4}} {{end}}"#).split(separator: " ").compactMap { Int($0) }
        #expect(draws.count == 2000)
        #expect(draws.allSatisfy { (-3..<4).contains($0) })
        #expect(Set(draws) == Set(-3..<4), "every value turns up in 2000 draws")
        #expect(try render(#"{{randInt 5 6}}"#) == "5")
        #expect(failure(#"{{randInt 3 3}}"#).contains("error calling randInt: invalid argument to Intn"))
        #expect(failure(#"{{randInt 4 1}}"#).contains("error calling randInt"))
    }

    @Test func shuffleKeepsEveryRune() throws {
        let text = "abcdefghijklmnopqrstuvwxyzé€😀"
        var orders: Set<String> = []
        for _ in 0..<20 {
            let shuffled = try render("{{shuffle .}}", .string(text))
            #expect(shuffled.unicodeScalars.sorted() == text.unicodeScalars.sorted())
            orders.insert(shuffled)
        }
        #expect(orders.count > 1)
        #expect(try render(#"{{shuffle ""}}|{{shuffle "x"}}"#) == "|x")
    }

    @Test(arguments: [
        #"{{until 100000000}}"#, #"{{until -100000000}}"#, #"{{untilStep 0 9223372036854775807 1}}"#,
        #"{{untilStep 9223372036854775807 -9223372036854775807 -1}}"#, #"{{seq 100000000}}"#, #"{{seq -9223372036854775807}}"#,
        #"{{seq 0 1 9223372036854775806}}"#, #"{{$l := until 1000000}}{{concat $l $l}}"#,
    ])
    func listBuildersFailBeforeBuilding(text: String) {
        let message = failure(text)
        #expect(message.hasPrefix("template: t:1:"), "\(message.prefix(200))")
        #expect(message.contains("over the limit of 1048576 elements"), "\(message.prefix(200))")
    }

    @Test func stepsNearTheIntegerLimitsDoNotTrap() throws {
        #expect(try render(#"{{untilStep 9223372036854775806 9223372036854775807 5}}"#) == "[9223372036854775806]")
        #expect(try render(#"{{untilStep 0 -5 (int (sub -9223372036854775807 1))}}"#) == "[0]")
        // As in Go, END+1 wraps around, so the range is empty.
        #expect(try render(#"{{seq 9223372036854775806 9223372036854775807}}"#) == "")
    }

    @Test func wrapWithALongSeparatorFailsBeforeBuilding() {
        let message = failure(#"{{wrapWith 1 (repeat 10000 "-") (repeat 10000 "x")}}"#)
        #expect(message.contains("error calling wrapWith: result would be"), "\(message.prefix(200))")
        #expect(message.contains("over the limit of 16777216 bytes"))
    }

    @Test func mergeChangesTheDictOfAVariable() throws {
        #expect(try render(#"{{$d := dict "a" 1}}{{$_ := mergeOverwrite $d (dict "a" 2 "b" 3)}}{{$d}}"#) == "map[a:2 b:3]")
    }

    @Test func semverMethodsAndPrinting() throws {
        #expect(try render(#"{{$v := semver "v1.2.3-rc.1+b5"}}{{$v}} {{$v.Major}}.{{$v.Minor}}.{{$v.Patch}} {{$v.Prerelease}} {{$v.Metadata}} {{$v.Original}} {{$v.String}}"#)
            == "1.2.3-rc.1+b5 1.2.3 rc.1 b5 v1.2.3-rc.1+b5 1.2.3-rc.1+b5")
        #expect(try render(#"{{semverCompare "^1.2" "1.9.0"}} {{semverCompare "~1.2" "1.3.0"}}"#) == "true false")
    }

    @Test func typeOfADescriptor() throws {
        let descriptor = TemplateValue.ociDescriptor(mediaType: "m", digest: "sha256:00", size: 1)
        #expect(try render("{{typeOf .Digest}} {{kindOf .Digest}} {{typeOf .Size}} {{typeOf .Annotations}} {{typeOf .Platform}} {{kindOf .Platform}}", descriptor)
            == "digest.Digest string int64 map[string]string *v1.Platform ptr")
    }
}

/// Functions that read the clock: checked against it rather than against the oracle.
@Suite struct SprigClockTests {
    func render(_ text: String) throws -> String { try Template(name: "t", text: text).execute(.none) }

    @Test func agoAndDurationRoundMeasureFromNow() throws {
        let ago = try render(#"{{ago (toDate "2006-01-02" "2000-01-01")}}"#)
        #expect(ago.wholeMatch(of: /[0-9]+h[0-9]+m[0-9]+s/) != nil, "\(ago)")
        #expect(try render(#"{{ago (mustDateModify "10s" (toDate "2006" "2000"))}}"#).hasPrefix("2"))
        let years = try render(#"{{durationRound (toDate "2006-01-02" "2000-01-01")}}"#)
        #expect(years.hasSuffix("y") && (Int(years.dropLast()) ?? 0) >= 26)
        #expect(try render(#"{{ago 0 | trimSuffix "s" | splitList "h" | first | atoi | lt 400000}}"#) == "true")
    }
}
