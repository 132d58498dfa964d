import Deserialize
@testable import ferry
import Mapping
import Testing

/// Stages name what they refused; the command line adds the flag that asked for it.
@Suite struct CommandLineMessageTests {
    @Test func strictRefusalsNameTheFlagOnlyOnTheCommandLine() {
        let entry = DeserializeError.unexpectedEntry("extra.txt")
        #expect(!"\(entry)".contains("--"))
        #expect(CommandLineMessage.text(entry) == "unexpected entry \"extra.txt\" (--strict)")
        let order = DeserializeError.outOfOrder("oci-layout", rule: "oci-layout must be the first entry")
        #expect(!"\(order)".contains("--"))
        #expect(CommandLineMessage.text(order).hasPrefix("entry \"oci-layout\" is out of order (--strict): oci-layout must be the first entry"))
        let unmapped = MappingError.unmapped(["reg/a:1"])
        #expect(!"\(unmapped)".contains("--"))
        #expect(CommandLineMessage.text(unmapped) == "1 source(s) have no destination (--strict):\n  reg/a:1")
    }
}
