import Foundation
import OCI

/// Where an image lives, as written on the command line: a registry reference (`docker://`
/// optional) or a local OCI layout `oci:DIR[:tag]`.
public enum ImageLocation: Sendable, Hashable, CustomStringConvertible {
    case registry(Reference)
    case layout(path: String, tag: String?)

    public init(parsing text: String) throws {
        if text.hasPrefix("oci:") {
            let rest = String(text.dropFirst(4))
            guard !rest.isEmpty else { throw StoreError.invalidLocation(text, reason: "oci: needs a directory") }
            // A tag is what follows the last ':' — unless that ':' belongs to the path (contains '/').
            if let colon = rest.lastIndex(of: ":"), !rest[rest.index(after: colon)...].contains("/") {
                let path = String(rest[..<colon])
                let tag = String(rest[rest.index(after: colon)...])
                guard !path.isEmpty else { throw StoreError.invalidLocation(text, reason: "oci: needs a directory") }
                self = .layout(path: path, tag: tag.isEmpty ? nil : tag)
            } else {
                self = .layout(path: rest, tag: nil)
            }
            return
        }
        var reference = text
        if reference.hasPrefix("docker://") { reference = String(reference.dropFirst("docker://".count)) }
        guard !reference.contains("://") else {
            throw StoreError.invalidLocation(text, reason: "unknown transport; use a registry reference, docker://REF or oci:DIR[:TAG]")
        }
        do {
            self = .registry(try Reference(parsing: reference))
        } catch {
            throw StoreError.invalidLocation(text, reason: "\(error)")
        }
    }

    public var description: String {
        switch self {
        case .registry(let reference): return reference.description
        case .layout(let path, let tag): return "oci:\(path)" + (tag.map { ":\($0)" } ?? "")
        }
    }
}
