import Foundation
import Mapping
import OCI
import Testing

/// The whole set checked before anything is pushed: conflicts, unmapped sources, --strict.
struct MappingPlanTests {
    @Test func twoSourcesToOneDestinationIsAnError() throws {
        let file = try MappingFixtures.file("docker.io/,reg.high/x/\nquay.io/,reg.high/x/\n")
        let mapper = try Mapper(parsing: "all-prefix=\(file)")
        let subjects = [try MappingFixtures.subject("docker.io/app:1"), try MappingFixtures.subject("quay.io/app:1"),
                        try MappingFixtures.subject("quay.io/other:1")]
        #expect { try MappingPlan(subjects, mapper: mapper) } throws: { error in
            guard case .conflicts(let conflicts)? = error as? MappingError else { return false }
            return conflicts.count == 1 && conflicts[0].destination == "reg.high/x/app:1"
                && conflicts[0].claimants.count == 2 && "\(error)".contains("docker.io/app:1") && "\(error)".contains("\(file):2")
        }
    }

    @Test func theSameManifestOrPlatformsOfOneSourceMayShareADestination() throws {
        let nest = try Mapper(parsing: "longest-prefix=\(try MappingFixtures.file(",reg.high/all/same\n"))")
        // Two sources, one manifest (alpine:3 and alpine:3.19 are often the same digest).
        let same = [try MappingFixtures.subject("a", content: "m"), try MappingFixtures.subject("b", content: "m")]
        let plan = try MappingPlan(same, mapper: nest)
        #expect(plan.entries.count == 2)
        // One source, two platform manifests.
        let platforms = [try MappingFixtures.subject("x", content: "amd64"), try MappingFixtures.subject("x", content: "arm64")]
        #expect(try MappingPlan(platforms, mapper: nest).entries.count == 2)
    }

    @Test func unmappedSourcesAreReportedOrAnErrorWhenStrict() throws {
        let mapper = try Mapper(parsing: "first-prefix=\(try MappingFixtures.file("docker.io/,reg.high/hub/\n"))")
        let subjects = [try MappingFixtures.subject("docker.io/library/a:1"), try MappingFixtures.subject("quay.io/b:1")]
        let plan = try MappingPlan(subjects, mapper: mapper)
        #expect(plan.entries.map(\.subject.source) == ["docker.io/library/a:1"])
        #expect(plan.unmapped.map(\.source) == ["quay.io/b:1"])
        #expect { try MappingPlan(subjects, mapper: mapper, strict: true) } throws: { error in
            (error as? MappingError) == .unmapped(["quay.io/b:1"])
        }
    }

    @Test func aDescriptorWithoutSourceIsNotAGatheredImage() {
        let descriptor = Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: Data()), size: 1)
        #expect { try MappingSubject(descriptor: descriptor) } throws: { "\($0)".contains(AnnotationKey.manifestSource) }
    }
}
