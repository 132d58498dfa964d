import Serialize
import Testing
@testable import ferry

/// Each argument is parsed once, by the CLI; stages take parsed values.
@Suite struct ArgumentParsingTests {
    @Test func existingCheckpointArgumentParses() throws {
        #expect(try ExistingCheckpoint(argument: "/a:b/cp.jsonl:4096") == ExistingCheckpoint(path: "/a:b/cp.jsonl", offset: 4096))
        for bad in ["cp.jsonl", "cp.jsonl:", ":12", "cp.jsonl:-1", "cp.jsonl:1k"] {
            #expect(throws: (any Error).self) { try ExistingCheckpoint(argument: bad) }
        }
    }

    /// Serialize names no flags; the command line does, with the words it always printed.
    @Test func serializeErrorsAreWordedWithTheirFlags() {
        #expect(!"\(SerializeError.resumeWithoutCheckpoint)".contains("--"))
        #expect(CommandLineMessage.text(SerializeError.resumeWithoutCheckpoint)
                == "--resume needs --checkpoint FILE (the checkpoint of the interrupted run)")
        #expect(CommandLineMessage.text(SerializeError.checkpointIsExisting("cp.jsonl"))
                == "--checkpoint cp.jsonl is also an --existing-from-checkpoint file; write the new checkpoint elsewhere")
        #expect(CommandLineMessage.text(SerializeError.unreadable("cp.jsonl")) == "cannot read cp.jsonl")
    }
}
