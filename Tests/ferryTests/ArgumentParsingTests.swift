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

    @Test func sizesParseOnceAndShowTheirDefaultAsWritten() {
        #expect(BlockSize(argument: "4KiB")?.bytes == 4096)
        #expect(BlockSize(argument: "2GiB") == nil)
        #expect(BufferSize(argument: "0")?.bytes == 0)
        #expect(SpoolSize(argument: "0")?.bytes == 0)
        #expect(BufferSize.standard.defaultValueDescription == "8MiB")
    }

    /// A refused value is reported with ferry's reason alone, as `validate()` used to report it.
    @Test func aRefusedValueIsReportedInFerrysWords() {
        #expect(ImageArgument(argument: "Bad Ref") == nil)
        let parserMessage = """
            Error: The value 'Bad Ref' is invalid for '<image>'
            Help:  <image>  The image set.
            Usage: ferry serialize [<options>] <image> <destination>
            """
        let reworded = ArgumentRefusals.shared.reworded(parserMessage)
        #expect(reworded.hasPrefix("Error: invalid location \"Bad Ref\": "), "\(reworded)")
        #expect(reworded.hasSuffix("\nUsage: ferry serialize [<options>] <image> <destination>"), "\(reworded)")
        #expect(ImageArgument(argument: "docker://reg.example/x:1")?.text == "docker://reg.example/x:1")
    }
}
