import Foundation
import Registry
import Store

/// Turns a parsed location into the content endpoint that reads or writes it.
enum ContentFactory {
    static func source(_ location: ImageLocation, client: RegistryClient) throws -> any ContentSource {
        switch location {
        case .registry(let reference): return RegistryContent(client: client, reference: reference)
        case .layout(let path, let tag):
            return LayoutContent(layout: try OCILayout(root: URL(fileURLWithPath: path), create: false), tag: tag)
        }
    }

    static func target(_ location: ImageLocation, client: RegistryClient) throws -> any ContentTarget {
        switch location {
        case .registry(let reference):
            return RegistryContent(client: client, reference: reference, index: BlobLocationIndex.standard())
        case .layout(let path, let tag):
            return LayoutContent(layout: try OCILayout(root: URL(fileURLWithPath: path), create: true), tag: tag ?? "latest")
        }
    }
}
