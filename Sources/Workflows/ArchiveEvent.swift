import Gather
import Serialize

/// What an archive run reports as it goes: the two stages' events, and the end of the gather.
public enum ArchiveEvent: Sendable {
    case gather(GatherEvent)
    case gathered(GatherSummary)
    case serialize(SerializeEvent)
}
