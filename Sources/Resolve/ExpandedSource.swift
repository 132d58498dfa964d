import Config
import Foundation
import OCI
import Registry
import Store
import Transfer

/// One reference a sources.list line stands for (a line selecting tags stands for several).
public struct ExpandedSource: Sendable {
    public var entry: SourceEntry
    public var text: String
}
