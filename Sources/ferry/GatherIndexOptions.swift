import ArgumentParser
import Config

/// How the gather index is written: shared by `gather` and `archive`.
struct GatherIndexOptions: ParsableArguments {
    @Flag(name: .customLong("index-fallback"), help: "List nested indexes in an annotation, for registries without index-of-index support.")
    var indexFallback = false

    /// ace-dt's `-a` is a map flag: `-a k1=v1,k2=v2` is two annotations, `-a k=v1,v2` one whose
    /// value keeps its comma; repeating the flag adds more, a later key wins.
    @Option(name: [.short, .customLong("annotations")],
            help: "Annotations for the gather index (key=value, or k1=v1,k2=v2); repeatable.",
            transform: { try CommaList.pairs($0) })
    var annotations: [[(key: String, value: String)]] = []

    /// Every `-a` pair; a later key wins.
    var annotationMap: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in annotations.joined() { result[key] = value }
        return result
    }
}
