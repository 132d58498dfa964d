import Config
import Foundation
import OCI
import Registry
import Store
import Transfer

/// A source that could not be expanded or resolved, with the line it came from.
public struct SourceFailure: Error, Sendable {
    public var entry: SourceEntry
    /// The reference as written, or as expanded from a tag selection.
    public var reference: String
    public var error: any Error
}
