import Mapping
import OCI

/// Every destination of a set, decided before anything is pushed.
public struct ScatterPlan: Sendable {
    /// One per destination, in set order.
    public var placements: [Placement]
    /// Sources that no rule maps (or that a template skipped); reported, or an error with `--strict`.
    public var unmapped: [String]
    /// Images taking part (after `--subset` and `-l`).
    public var images: Int
    /// clone: sources that could not be resolved (with `--continue`).
    public var failures: [ScatterFailure]
    /// clone: single-platform sources of another platform than `-p` asks for, left out with a
    /// warning as ace-dt leaves them out (one line each, naming where the source was written).
    public var leftOut: [String]

    /// Maps `images` and groups them by destination; mapping errors (bad destination, conflicts,
    /// `--strict`) are thrown here.
    public init(images: [ScatterImage], mapper: Mapper, strict: Bool, failures: [ScatterFailure] = [],
                leftOut: [String] = []) throws {
        let mapping = try MappingPlan(images.map(\.subject), mapper: mapper, strict: strict)
        var placements: [Placement] = []
        var position: [Reference: Int] = [:]
        for entry in mapping.entries {
            let image = images[entry.position]
            for destination in entry.destinations {
                if let at = position[destination.reference] {
                    // Same manifest from another source: already there. Another platform: add it.
                    if !placements[at].images.contains(where: { $0.subject.digest == image.subject.digest }) {
                        placements[at].images.append(image)
                    }
                } else {
                    position[destination.reference] = placements.count
                    placements.append(Placement(destination: destination, images: [image]))
                }
            }
        }
        // A wrong pin is a mapping mistake: refused with the plan, so --dry-run shows it too.
        for placement in placements {
            if let digest = try placement.plannedDigest() { try placement.checkPinnedDigest(digest) }
        }
        self.placements = placements
        self.unmapped = mapping.unmapped.map(\.source)
        self.images = images.count
        self.failures = failures
        self.leftOut = leftOut
    }
}
