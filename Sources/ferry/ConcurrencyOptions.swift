import ArgumentParser

/// `--concurrency`: how many blob transfers run at once; shared by every command that moves blobs.
struct ConcurrencyOptions: ParsableArguments {
    @Option(name: .customLong("concurrency"),
            help: "Blob transfers at once (default: the configuration's concurrentHTTP, else 6).")
    var requested: Int?

    /// Without `--concurrency` and `concurrentHTTP`.
    static let standard = 6

    func validate() throws {
        guard (requested ?? 1) > 0 else { throw ValidationError("--concurrency must be at least 1") }
    }

    /// `--concurrency`, else ace-dt's `concurrentHTTP` (file, `ACE_DT_CONCURRENT_HTTP` or
    /// `FERRY_CONCURRENT_HTTP`), else `standard`: each transfer keeps one request in flight.
    func value(_ global: GlobalOptions) throws -> Int {
        if let requested { return requested }
        return try global.loadConfiguration().concurrentHTTP ?? Self.standard
    }
}
