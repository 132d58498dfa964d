import ArgumentParser
import Serialize

extension ExistingCheckpoint {
    /// Parses `--existing-from-checkpoint FILE:OFFSET` (the last colon separates, so paths may
    /// contain colons); the Serialize stage only takes the parsed pair.
    init(argument text: String) throws {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let offset = Int64(text[text.index(after: colon)...]), offset >= 0 else {
            throw ValidationError("--existing-from-checkpoint \"\(text)\": expected FILE:OFFSET with OFFSET a byte count")
        }
        self.init(path: String(text[..<colon]), offset: offset)
    }
}
