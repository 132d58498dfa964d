import OCI

/// Every image of a set with its destinations, checked as a whole before anything is pushed:
/// two different images bound for one destination is an error listing each such destination.
public struct MappingPlan: Sendable {
    /// One image and where it goes.
    public struct Entry: Sendable {
        public var subject: MappingSubject
        public var destinations: [MappedDestination]
        /// Where the subject was in the input, so callers can find what they attached to it.
        public var position: Int
    }

    /// Images with at least one destination, in set order.
    public var entries: [Entry]
    /// Images no rule maps (or a template skipped), in set order.
    public var unmapped: [MappingSubject]

    /// Maps every subject; the first mapper error (bad destination, template failure) is thrown
    /// as is. With `strict`, unmapped sources are an error, unless the mapper is a template,
    /// whose empty output is a deliberate skip.
    public init(_ subjects: [MappingSubject], mapper: Mapper, strict: Bool = false) throws {
        var entries: [Entry] = []
        var unmapped: [MappingSubject] = []
        for (position, subject) in subjects.enumerated() {
            let destinations = try mapper.destinations(for: subject)
            if destinations.isEmpty {
                unmapped.append(subject)
            } else {
                entries.append(Entry(subject: subject, destinations: destinations, position: position))
            }
        }
        try Self.checkConflicts(entries)
        if strict, !mapper.skipsDeliberately, !unmapped.isEmpty {
            throw MappingError.unmapped(unmapped.map(\.source))
        }
        self.entries = entries
        self.unmapped = unmapped
    }

    /// A destination may receive one source (several platform manifests of it become one index)
    /// or several sources that are the same manifest; anything else would make the result depend
    /// on push order.
    static func checkConflicts(_ entries: [Entry]) throws {
        var claims: [Reference: [(subject: MappingSubject, rule: String)]] = [:]
        var order: [Reference] = []
        for entry in entries {
            for destination in entry.destinations {
                if claims[destination.reference] == nil { order.append(destination.reference) }
                claims[destination.reference, default: []].append((entry.subject, destination.rule))
            }
        }
        var conflicts: [MappingConflict] = []
        for reference in order {
            guard let claimants = claims[reference] else { continue }
            let sameSource = Set(claimants.map(\.subject.source)).count == 1
            let sameManifest = Set(claimants.map(\.subject.digest)).count == 1
            guard !sameSource, !sameManifest else { continue }
            conflicts.append(MappingConflict(destination: reference.description, claimants: claimants.map {
                "\($0.subject.source) (\($0.subject.digest)) via \($0.rule)"
            }))
        }
        if !conflicts.isEmpty { throw MappingError.conflicts(conflicts) }
    }
}
