import Foundation
import Registry
import Store

/// Turns a parsed location into the content endpoint that reads or writes it: a registry, or an
/// OCI layout opened (or created) on disk.
public enum ContentFactory {
    public static func source(_ location: ImageLocation, client: RegistryClient) throws -> any ContentSource {
        switch location {
        case .registry(let reference): return RegistryContent(client: client, reference: reference)
        case .layout(let path, let tag):
            return LayoutContent(layout: try OCILayout(root: URL(fileURLWithPath: path), create: false), tag: tag)
        }
    }

    /// The target, and a cleanup for a failed run: a layout directory this call created is
    /// removed again if no image was tagged in it, so a failed, interrupted or stopped run (its
    /// `--json` reader gone) leaves no empty or half-filled store behind.
    public static func writableTarget(_ location: ImageLocation, client: RegistryClient) throws -> (target: any ContentTarget, cleanup: () -> Void) {
        switch location {
        case .registry(let reference):
            return (RegistryContent(client: client, reference: reference, index: BlobLocationIndex.standard()), {})
        case .layout(let path, let tag):
            let root = URL(fileURLWithPath: path)
            let isNew = !FileManager.default.fileExists(atPath: path)
            let layout = try OCILayout(root: root, create: true)
            return (LayoutContent(layout: layout, tag: tag ?? "latest"), {
                if isNew, (try? layout.index().manifests.isEmpty) ?? true { try? FileManager.default.removeItem(at: root) }
            })
        }
    }

    /// A target that is only asked what it has (`--dry-run`): a layout that does not exist yet is
    /// not created; an empty layout in a temporary directory answers instead, removed by `cleanup`.
    public static func readOnlyTarget(_ location: ImageLocation, client: RegistryClient) throws -> (target: any ContentTarget, cleanup: () -> Void) {
        guard case .layout(let path, let tag) = location, !FileManager.default.fileExists(atPath: path) else {
            return try writableTarget(location, client: client)   // an existing layout is only read
        }
        let empty = try ScratchDirectory(purpose: "empty")
        let layout = LayoutContent(layout: try OCILayout(root: empty.url, create: true), tag: tag ?? "latest")
        return (layout, { empty.remove() })
    }
}
