import Testing
@testable import TarStream

@Test func compiles() { #expect(StreamCompression.allCases.count == 3) }
