import Testing
@testable import Config

/// A list file with several bad lines names each of them in one run.
@Suite struct ListFileErrorsTests {
    @Test func sourcesListNamesEveryBadLine() throws {
        let text = "good/a:1\nfoo bar\ngood/b:1, team=ops\nx/y:1, k\n"
        #expect { try SourcesList.parse(text, file: "s.list") } throws: { error in
            guard let all = error as? ListFileErrors else { return false }
            return all.problems.map(\.line) == [2, 4]
                && all.description.hasPrefix("s.list has 2 bad lines:\ns.list:2: ")
                && all.description.contains("\ns.list:4: label \"k\" is not key=value")
        }
        let (entries, problems) = try SourcesList.parseCollecting(text, file: "s.list")
        #expect(entries.map(\.line) == [1, 3])
        #expect(problems.count == 2)
    }

    @Test func oneBadLineIsThrownAsItself() {
        #expect(throws: ListFileError(file: "m.csv", line: 2, reason: "expected 2 fields (SOURCE,DESTINATION), found 3")) {
            try MappingFile.parse("a,b\nc,d,e\n", file: "m.csv")
        }
    }

    @Test func mappingFileNamesEveryBadLine() {
        #expect { try MappingFile.parse("a,\nb,c,d\nx,y\n", file: "m.csv") } throws: { error in
            (error as? ListFileErrors)?.problems.map(\.line) == [1, 2]
        }
    }
}
