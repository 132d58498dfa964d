import ArgumentParser

/// How the gather index is written: shared by `gather` and `archive`.
struct GatherIndexOptions: ParsableArguments {
    @Flag(name: .customLong("index-fallback"), help: "List nested indexes in an annotation, for registries without index-of-index support.")
    var indexFallback = false

    @Option(name: [.short, .customLong("annotations")], help: "Annotation for the gather index (key=value); repeatable.")
    var annotations: [String] = []

    func parsedAnnotations() throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in annotations {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("annotation \"\(pair)\" must be key=value")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }
}
