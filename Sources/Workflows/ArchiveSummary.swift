import Gather
import Serialize

/// What an archive run did, stage by stage.
public struct ArchiveSummary: Sendable {
    public var gathered: GatherSummary
    public var serialized: SerializeSummary
}
