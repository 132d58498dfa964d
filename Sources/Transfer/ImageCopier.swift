import Foundation
import OCI
import Registry
import Store

/// Copies one image or index, with its whole graph, from any source to any target.
public final class ImageCopier: Sendable {
    private let source: any ContentSource
    private let session: TransferSession
    private let options: CopyOptions

    public init(source: any ContentSource, target: any ContentTarget, options: CopyOptions = CopyOptions(),
                events: @escaping @Sendable (CopyEvent) -> Void = { _ in }) {
        self.source = source
        self.options = options
        self.session = TransferSession(target: target, concurrency: options.concurrency, events: events)
    }

    public func run() async throws -> CopySummary {
        let started = Date()
        let root = try await PlatformSelection.select(options.platforms, from: try await source.root(), source: source)
        try session.target.checkPin(receiving: root.digest)
        try await session.copy(root, from: source, tag: session.target.tag, referrers: options.referrers)
        var summary = await session.summary
        summary.root = root.descriptor
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
