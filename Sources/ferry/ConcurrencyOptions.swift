import ArgumentParser

/// `--concurrency`: how many blob transfers run at once; shared by every command that moves blobs.
struct ConcurrencyOptions: ParsableArguments {
    @Option(name: .long, help: "Blob transfers at once.")
    var concurrency = 6

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
    }
}
