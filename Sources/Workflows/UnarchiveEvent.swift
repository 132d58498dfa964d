import Deserialize
import Scatter

/// What an unarchive run reports as it goes: the stream read, then the placement.
public enum UnarchiveEvent: Sendable {
    case deserialize(DeserializeEvent)
    case deserialized(DeserializeSummary)
    /// The plan is made; destinations are asked next.
    case placing(ScatterPlan)
    case scatter(ScatterEvent)
}
