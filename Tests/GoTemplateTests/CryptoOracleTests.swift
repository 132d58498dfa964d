import Foundation
import GoTemplate
import Testing

/// sprig's crypto functions against Go's (through `Oracle/`): deterministic results and every
/// error text compared exactly; random results checked by meaning — Go verifies ferry's bcrypt
/// hashes, each side decrypts the other's AES, and Go parses ferry's keys and certificates and
/// describes them (`Oracle/checks.go`) the same way it describes its own.
@Suite struct CryptoOracleTests {
    func ferry(_ text: String, _ data: [String: String] = [:]) -> OracleResult {
        OracleConformanceTests.swiftResult(OracleCase(name: "crypto", text: text, data: Self.json(data)))
    }

    static func json(_ data: [String: String]) -> String {
        (try? String(decoding: JSONEncoder().encode(data), as: UTF8.self)) ?? "{}"
    }

    /// Renders each template in Go, with string data.
    func go(_ cases: [(String, [String: String])]) throws -> [OracleResult] {
        let results = try Oracle.render(cases.map { OracleCase(name: "crypto", text: $0.0, data: Self.json($0.1)) })
        try #require(results.count == cases.count)
        return results
    }

    func go(_ text: String, _ data: [String: String] = [:]) throws -> String {
        let result = try #require(try go([(text, data)]).first)
        return result.err.map { "error: " + $0 } ?? result.out
    }

    /// Templates whose output (or error) does not depend on randomness.
    static let exactCases: [String] = [
        #"{{derivePassword 1 "long" "password" "user" "example.com"}}"#,
        #"{{derivePassword 3 "maximum" "pässwörd" "üser" "site"}} {{derivePassword 0 "pin" "" "" ""}}"#,
        #"{{derivePassword 4294967295 "basic" "p" "u" "s"}} {{derivePassword 7 "medium" "p" "u" "s"}} {{derivePassword 2 "short" "p" "u" "s"}}"#,
        #"{{derivePassword 1 "nope" "p" "u" "s"}}"#, #"{{derivePassword -1 "long" "p" "u" "s"}}"#,
        #"{{derivePassword .n "long" "p" "u" "s"}}"#, #"{{derivePassword 4294967296 "pin" "p" "u" "s"}}"#,
        #"{{derivePassword (int64 1) "pin" "p" "u" "s"}}"#, #"{{derivePassword "1" "pin" "p" "u" "s"}}"#, #"{{derivePassword 1.0 "pin" "p" "u" "s"}}"#,
        #"{{genSelfSignedCert "x" (list "1.2.3.4%eth0") nil 1}}"#, #"{{htpasswd "" "" | len}} {{htpasswd "ü" "" | len}}"#,
        #"{{htpasswd "a:b" "pw"}}"#, #"{{genPrivateKey "rsa2"}}"#, #"{{genPrivateKey 1}}"#,
        #"{{encryptAES "k" ""}}|{{decryptAES "k" ""}}"#,
        #"{{decryptAES "k" "!!"}}"#, #"{{decryptAES "k" "YWJj"}}"#, #"{{decryptAES "k" "MDEyMzQ1Njc4OWFiY2RlZjAxMjM="}}"#,
        #"{{decryptAES "k" "MDEyMzQ1Njc4OWFiY2RlZg=="}}"#,
        // IV chosen so that the last plaintext byte, taken as the padding length, is 255.
        #"{{decryptAES "k" "AAAAAAAAAAAAAAAAAAAAYDAxMjM0NTY3ODlhYmNkZWY="}}"#, #"{{decryptAES "wrong" "AAAAAAAAAAAAAAAAAAAAYDAxMjM0NTY3ODlhYmNkZWY=" | len}}"#,
        #"{{genCAWithKey "x" 1 "garbage"}}"#, #"{{genCAWithKey "x" 1 "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}}"#,
        #"{{genCAWithKey "x" 1 "-----BEGIN FOO PRIVATE KEY-----\nAAAA\n-----END FOO PRIVATE KEY-----\n"}}"#,
        #"{{genSelfSignedCertWithKey "x" nil nil 1 "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"}}"#,
        #"{{genSelfSignedCert "x" (list 1) nil 1}}"#, #"{{genSelfSignedCert "x" (list "300.1.1.1") nil 1}}"#,
        #"{{genSelfSignedCert "x" (list "1.2.3.4" "::1") (list "a" 2) 1}}"#,
        #"{{genSelfSignedCert "x" (splitList "," "1.2.3.4") nil 1}}"#, #"{{genSelfSignedCert "x" nil nil "1"}}"#,
        #"{{genSelfSignedCert "x" (list "01.2.3.4") nil 1}}"#, #"{{genSelfSignedCert "x" nil (list "é.example") 1}}"#,
        #"{{genSignedCert "x" nil nil 1 .map}}"#, #"{{genSignedCert "x" nil nil 1 .absent}}"#,
        #"{{genSignedCert "x" nil nil 1 (buildCustomCert "" "")}}"#,
        #"{{buildCustomCert "!" ""}}"#, #"{{buildCustomCert "" "!"}}"#, #"{{buildCustomCert "YWJj" ""}}"#,
        #"{{buildCustomCert (b64enc "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") ""}}"#,
        #"{{$ca := genCA "ca" 3}}{{genSignedCert "x" nil nil 1 (dict "Cert" $ca.Cert)}}"#,
        #"{{genCAWithKey "x" 1 .dsa}}"#, #"{{$ca := genCA "ca" 3}}{{genSignedCertWithKey "x" nil nil 1 $ca .dsa}}"#,
        #"{{$ca := genCA "ca" 3}}{{$other := genCA "other" 3}}{{genSignedCert "x" nil nil 1 (buildCustomCert (b64enc $ca.Cert) (b64enc $other.Key))}}"#,
        #"{{$ca := genCA "ca" 3}}{{$c := buildCustomCert (b64enc $ca.Cert) (b64enc $ca.Key)}}{{eq $c.Cert $ca.Cert}} {{eq $c.Key $ca.Key}} {{typeOf $c}}"#,
        #"{{$ca := genCA "ca" 3}}{{buildCustomCert (b64enc $ca.Cert) (b64enc "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")}}"#,
        #"{{typeOf (genCA "ca" 1)}} {{kindOf (genCA "ca" 1)}} {{len (genCA "c" 1).Cert | lt 100}}"#,
        #"{{bcrypt 1}}"#, #"{{htpasswd "u"}}"#, #"{{(genCA "x" 1).Nope}}"#,
    ]

    /// An error's location and message. GoTemplate names the failing call by its name alone
    /// (`at <decryptAES>`, Go prints the whole call), and does not reproduce the text of
    /// Go's ASN.1 decoder for a malformed key (`... from PEM: asn1: structure error: ...`).
    static func comparable(_ error: String) -> String {
        var message = error
        if let range = message.range(of: ">: ") { message = String(message[range.upperBound...]) }
        if let range = message.range(of: " from PEM: ") { message = String(message[..<range.upperBound]) }
        return OracleConformanceTests.location(error) + " " + message
    }

    @Test func deterministicResultsAndErrorsMatchGo() throws {
        let data = #"{"n": 1, "map": {"Cert": "x"}, "dsa": "\#(Self.dsaKey.replacingOccurrences(of: "\n", with: "\\n"))"}"#
        let cases = Self.exactCases.map { OracleCase(name: "crypto", text: $0, data: data) }
        let expected = try Oracle.render(cases)
        try #require(expected.count == cases.count)
        var mismatches: [String] = []
        for (testCase, go) in zip(cases, expected) {
            let swift = OracleConformanceTests.swiftResult(testCase)
            if go.out != swift.out || go.err.map(Self.comparable) != swift.err.map(Self.comparable) {
                mismatches.append("\(testCase.text)\n  go:    \(go.err ?? go.out.debugDescription)\n  swift: \(swift.err ?? swift.out.debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ from Go:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test func goAcceptsFerrysBcryptAndHtpasswdHashes() throws {
        let passwords = ["s3cret pass", "", "pässwörd 🔑", String(repeating: "x", count: 80)]
        for password in passwords {
            let hash = ferry(#"{{bcrypt .p}}"#, ["p": password]).out
            #expect(hash.hasPrefix("$2a$10$") && hash.count == 60)
            #expect(try go(#"{{oracleBcrypt .h .p}}"#, ["h": hash, "p": password]) == "ok $2a$ cost 10")
            #expect(try go(#"{{oracleBcrypt .h .p}}"#, ["h": hash, "p": "!" + password]).hasPrefix("mismatch"))
        }
        let line = ferry(#"{{htpasswd "admin" "pw"}}"#).out
        let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
        try #require(parts.count == 2)
        #expect(parts[0] == "admin")
        #expect(try go(#"{{oracleBcrypt .h "pw"}}"#, ["h": parts[1]]) == "ok $2a$ cost 10")
    }

    @Test func aesCiphertextsDecryptOnTheOtherSide() throws {
        let pairs = [("key", "hello"), ("", "sixteen bytes!!!"), (String(repeating: "k", count: 40), "pässwörd ✓ " + String(repeating: "z", count: 50))]
        for (password, plaintext) in pairs {
            let ours = ferry(#"{{encryptAES .p .t}}"#, ["p": password, "t": plaintext]).out
            #expect(ours != ferry(#"{{encryptAES .p .t}}"#, ["p": password, "t": plaintext]).out, "a fresh IV each time")
            #expect(try go(#"{{decryptAES .p .c}}"#, ["p": password, "c": ours]) == plaintext)
            let theirs = try go(#"{{encryptAES .p .t}}"#, ["p": password, "t": plaintext])
            #expect(ferry(#"{{decryptAES .p .c}}"#, ["p": password, "c": theirs]).out == plaintext)
            #expect(ferry(#"{{decryptAES "wrong" .c}}"#, ["c": theirs]).out != plaintext)
        }
    }

    /// A DSA key made by OpenSSL (`genpkey`, 2048/256, `-traditional`): Go cannot sign with one,
    /// and generating DSA parameters takes seconds, so the error cases use this one.
    static let dsaKey = """
        -----BEGIN DSA PRIVATE KEY-----
        MIIDVQIBAAKCAQEAmlTmsu13/3kq/ba9rJLUFqcrD08vlJAN769zm1sYMHU5wNKT
        mtaLrqhucKOR9mh6fJOC6BZtIQZOqKpiAyy1qaJYH5rJ972wdgpbQJukIulFMBY3
        5fjOIoIu54YKVRzYSDusyrcrcZFZWhsP+1CQIM+tMiSsjebSLg1twKPMC3Pa5NZp
        xtnrVLP6SLCApzSxDrpb4AzBOTbD72z2l9Vndjs59qNcqaLFoi5U0JVp9FnfL1L9
        cM/OVD0d9UiB4OGAfkujYYNthvm5U8+01akhHKTYsbVb4Sn2cI0MdiHDrg8IVp+t
        b6aroJM/sF4tBqVnSapuNNV74MjgUIEvlxry1wIhAMeyGJyYYayz9SJtGr8mm1W5
        XDidBeu149KfOgaaZn5nAoIBAFtyFb0iHhtH/zReD6AcF5jUzjRcbmM6v6DtuuL9
        NQUemhP6UBGPB8WXfP8L6+WuQFaFbmOq8IJnEwSZYOMYmSVq2KQt0ehALpQVaNOU
        IOMAGdg10kHoiioZQPIEmJ3ylIm+1tEt7qaVBn70WfTI1tWv09mWic/GvlxTwa0G
        gzgKcAgl+mETVzQ/KP/eaf2HFHMaptDEIe6Op96iiuqjF+xtRy5uOf8ak5IIpOnS
        5Tnuha9V8BTD623BWhrDmUb72NI8twBYvm4OvTOqFYDhnFOE3Y15/8YuEP5IlJoG
        tWf3BN82g/3DbaJA80//GFViLyKpO5WsjT0qljCvp1Av+8kCggEAGi0IlWEopqDI
        kmqgX6IePl7BFNFyr6IZ+2FfpwiiFZOlnkEGQ10gpvBJCOsRfKQdz8U9XsLQNLct
        v5COwdJuxSwvsBohExUFWpkCFg+9v4zRCAZtOSNIS0FCrxj8smba4pEueRc5/4k3
        MPmmFLF2h75gTDp2aHOg1jyMIkPfxYbJgWLrD8YZ3gFFDSu9Bj5BY58cjVKsV8pD
        8kVrJ2s1zdbi5v3ls7u0tvXWL2Q7o0PNtVArjKTyoQo/23kovUSM/fCDudZu/cBC
        fLwI3/TS7dSrIzoBYEgS9g8B8c/6QFgaAHaASVRpdRrI6tFBVDbuJvcST9RD2d8v
        p46McNbKgwIgXyj3IHe0xYXMG+NLOwkUG6QbXD0pgCKpuidrVNYu7V8=
        -----END DSA PRIVATE KEY-----
        """

    /// What Go's parsers make of each kind of key sprig writes (Go's own keys give these too).
    static let keyDescriptions = [
        "rsa": "RSA PRIVATE KEY: rsa 4096 e=65537", "dsa": "DSA PRIVATE KEY: dsa L=2048 N=256 y-matches=true",
        "ecdsa": "EC PRIVATE KEY: ecdsa P-256 on-curve=true", "ed25519": "PRIVATE KEY: ed25519 matches=true",
    ]

    @Test func keysParseInGoAsGoWritesThem() throws {
        let types = Self.keyDescriptions.keys.sorted()
        let keys = types.map { ferry(#"{{genPrivateKey .t}}"#, ["t": $0]) }
        #expect(keys.allSatisfy { $0.err == nil })
        let described = try go(keys.map { (#"{{oracleKey .k}}"#, ["k": $0.out]) })
        #expect(described.map(\.out) == types.map { Self.keyDescriptions[$0] ?? "" })
        #expect(ferry(#"{{genPrivateKey ""}}"#).out.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
    }

    /// Each template yields a certificate; Go describes ferry's and its own.
    static let certificateTemplates: [String] = [
        #"{{(genCA "ferry CA" 365).Cert}}"#,
        #"{{(genSelfSignedCert "svc.example" (list "127.0.0.1" "::1" "::ffff:10.1.2.3") (list "svc.example" "*.svc.example") 30).Cert}}"#,
        #"{{(genSelfSignedCert "" nil (list "only.example") 1).Cert}}"#,
        #"{{(genSelfSignedCert "neg" nil nil -2).Cert}}"#,
        #"{{$ca := genCA "ca" 10}}{{(genSignedCert "leaf" (list "10.0.0.1") (list "leaf.example") 5 $ca).Cert}}"#,
        #"{{$ca := genCA "same" 10}}{{(genSignedCert "same" nil nil 5 $ca).Cert}}"#,
        #"{{(genCAWithKey "ec CA" 2 (genPrivateKey "ecdsa")).Cert}}"#,
        #"{{(genSelfSignedCertWithKey "ed" nil (list "ed.example") 3 (genPrivateKey "ed25519")).Cert}}"#,
        #"{{$ca := genCAWithKey "edca" 4 (genPrivateKey "ed25519")}}{{(genSignedCertWithKey "l" nil nil 2 $ca (genPrivateKey "ecdsa")).Cert}}"#,
    ]

    @Test func certificatesHaveGosFields() throws {
        for template in Self.certificateTemplates {
            let ours = ferry(template)
            #expect(ours.err == nil, "\(template): \(ours.err ?? "")")
            let mine = try go(#"{{oracleCert .c}}"#, ["c": ours.out])
            let theirs = try go(template.replacingOccurrences(of: "}}", with: " | oracleCert}}", options: .backwards,
                                                              range: template.range(of: "}}", options: .backwards)))
            #expect(mine == theirs, "\(template)")
        }
    }

    @Test func signedCertificatesVerifyAgainstTheirCA() throws {
        let pair = #"{{$ca := genCA "ca" 10}}{{$c := genSignedCert "leaf" nil (list "leaf.example") 5 $ca}}{{$ca.Cert}}|{{$c.Cert}}|{{$ca.Key}}"#
        let parts = ferry(pair).out.split(separator: "|").map(String.init)
        try #require(parts.count == 3)
        #expect(try go(#"{{oracleVerify .c .ca}}"#, ["c": parts[1], "ca": parts[0]]) == "verified")
        let stranger = ferry(#"{{(genCA "ca" 10).Cert}}"#).out
        #expect(try go(#"{{oracleVerify .c .ca}}"#, ["c": parts[1], "ca": stranger]).hasPrefix("verify:"))
        // Go signs with ferry's CA, and ferry with Go's.
        let base64 = ["c": Data(parts[0].utf8).base64EncodedString(), "k": Data(parts[2].utf8).base64EncodedString()]
        let theirs = try go(#"{{(genSignedCert "go" nil nil 1 (buildCustomCert .c .k)).Cert}}"#, base64)
        #expect(try go(#"{{oracleVerify .c .ca}}"#, ["c": theirs, "ca": parts[0]]) == "verified")
        let goCA = try go(#"{{$ca := genCA "go ca" 2}}{{b64enc $ca.Cert}}|{{b64enc $ca.Key}}"#).split(separator: "|").map(String.init)
        try #require(goCA.count == 2)
        let ours = ferry(#"{{(genSignedCert "ferry" nil nil 1 (buildCustomCert .c .k)).Cert}}"#, ["c": goCA[0], "k": goCA[1]])
        let goCAPEM = String(decoding: Data(base64Encoded: goCA[0]) ?? Data(), as: UTF8.self)
        #expect(try go(#"{{oracleVerify .c .ca}}"#, ["c": ours.out, "ca": goCAPEM]) == "verified")
    }
}
