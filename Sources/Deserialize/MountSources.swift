import Inspect
import OCI
import Registry
import Store

/// Where blobs a stream leaves out may be mounted from: the repositories earlier sets went to, as
/// their `deserialize` receipts name them. A stream written with `--existing-from-receipt` lacks
/// what the far side holds; deserialized into another repository than the receipt's, those blobs
/// are mounted from it (same registry) instead of being reported missing.
struct MountSources {
    let repositories: [Repository]

    init() { repositories = [] }

    /// Reads each receipt, refusing one of another kind, newer or changed; one whose target is a
    /// local layout lends nothing.
    init(receipts paths: [String]) throws {
        var repositories: [Repository] = []
        for path in paths {
            let receipt = try ReceiptFile.read(path, kind: .deserialize)
            guard let target = receipt.target, case .registry(let reference) = try? ImageLocation(parsing: target) else { continue }
            let repository = Repository(reference)
            if !repositories.contains(repository) { repositories.append(repository) }
        }
        self.repositories = repositories
    }

    /// Mounts `descriptor` into `target` from the first repository that lends it; false when none
    /// does (or `target` cannot mount: a layout). Nothing is uploaded: the stream did not carry it.
    func mount(_ descriptor: Descriptor, into target: any Deserializer.Target) async throws -> Bool {
        for repository in repositories {
            do {
                let outcome = try await target.putBlob(descriptor, mountFrom: repository) { _ in throw NotLent() }
                return outcome != .uploaded
            } catch is NotLent {
                continue
            }
        }
        return false
    }

    /// The opener's answer when the registry wants the bytes: the mount was refused.
    private struct NotLent: Error {}
}
