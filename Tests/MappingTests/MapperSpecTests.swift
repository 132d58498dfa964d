import Mapping
import Testing

/// The MAPPER argument: TYPE=ARGUMENT, as ace-dt's newMapper splits it.
struct MapperSpecTests {
    @Test func parsesEveryType() throws {
        #expect(try MapperSpec(parsing: "nest=reg.high/mirror") == .nest("reg.high/mirror"))
        #expect(try MapperSpec(parsing: "first-prefix=a.csv") == .firstPrefix("a.csv"))
        #expect(try MapperSpec(parsing: "all-prefix=a.csv") == .allPrefix("a.csv"))
        #expect(try MapperSpec(parsing: "longest-prefix=a=b.csv") == .longestPrefix("a=b.csv"))
        #expect(try MapperSpec(parsing: "digests=d.csv") == .digests("d.csv"))
        #expect(try MapperSpec(parsing: "go-template=s.tmpl") == .goTemplate("s.tmpl"))
        #expect(try MapperSpec(parsing: "digests=d.csv").description == "digests=d.csv")
    }

    @Test func rejectsBadArguments() {
        for (text, needle) in [("nest", "use TYPE=ARGUMENT"), ("nest=", "needs an argument"), ("prefix=a.csv", "unknown mapper type \"prefix\""),
                               ("=x", "unknown mapper type \"\"")] {
            #expect {
                try MapperSpec(parsing: text)
            } throws: { error in
                "\(error)".contains(needle) && "\(error)".contains(text)
            }
        }
    }

    @Test func unreadableFileIsNamed() {
        #expect { try Mapper(parsing: "first-prefix=/nonexistent/map.csv") } throws: { "\($0)".contains("/nonexistent/map.csv") }
    }
}
