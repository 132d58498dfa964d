import ArgumentParser
import Foundation
@testable import ferry
import Testing
import TestSupport

/// ace-dt's `concurrentHTTP` is the default of `--concurrency`; the flag wins over it.
@Suite struct ConcurrencyOptionsTests {
    @Test func concurrentHTTPIsTheDefaultOfConcurrency() throws {
        let directory = try TestTools.makeTempDirectory("ferry-concurrency")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nconcurrentHTTP: 3\n".utf8).write(to: file)
        let empty = directory.appendingPathComponent("empty.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\n".utf8).write(to: empty)
        let configured = try GlobalOptions.parse(["--config", file.path])
        let unconfigured = try GlobalOptions.parse(["--config", empty.path])
        #expect(try ConcurrencyOptions.parse([]).value(configured) == 3)
        #expect(try ConcurrencyOptions.parse(["--concurrency", "2"]).value(configured) == 2)
        #expect(try ConcurrencyOptions.parse([]).value(unconfigured) == ConcurrencyOptions.standard)
        #expect(throws: (any Error).self) { try ConcurrencyOptions.parse(["--concurrency", "0"]) }
    }
}
