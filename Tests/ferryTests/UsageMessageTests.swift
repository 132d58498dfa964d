import Foundation
import Testing
import TestSupport
@testable import ferry

/// One error style: every error starts `ferry: error:`, usage errors exit 2 and say what to do.
@Suite struct UsageMessageTests {
    @Test func aMistypedCommandGetsASuggestion() throws {
        let result = try FerryBinary.run(["gathr", "a", "b"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("ferry: error: unknown command 'gathr' (did you mean 'gather'?)"), "\(result.stderr)")
        let far = try FerryBinary.run(["frobnicate"])
        #expect(far.status == 2)
        #expect(far.stderr.hasPrefix("ferry: error: unknown command 'frobnicate'\n"), "\(far.stderr)")
    }

    @Test func usageErrorsUseFerrysPrefixAndExitTwo() throws {
        for arguments in [["gather", "--jsn", "a", "b"], ["serialize"], ["scatter", "x", "bogus=y"]] {
            let result = try FerryBinary.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("ferry: error: "), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("See 'ferry \(arguments[0]) --help'"), "\(arguments): \(result.stderr)")
        }
        #expect(try FerryBinary.run(["gather", "--jsn", "a", "b"]).stderr.contains("Did you mean '--json'?"))
    }

    @Test func nearestNameNeedsToBeClose() {
        let names = ["copy", "gather", "serialize", "unarchive"]
        #expect(UsageMessage.nearest("serialise", among: names) == "serialize")
        #expect(UsageMessage.nearest("un", among: names) == "unarchive")
        #expect(UsageMessage.nearest("xyzzy", among: names) == nil)
        #expect(UsageMessage.distance("kitten", "sitting") == 3)
    }

    /// `serialize IMAGE -` on a terminal refuses before reading anything (`script` gives it one).
    @Test func aStreamIsNeverTypedOnATerminal() throws {
        let layout = try LayoutOnDisk(layers: 1, layerSize: 100, seed: 5)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        let command = "'\(FerryBinary.path)' serialize '\(layout.reference)' -; echo \"status=$?\""
        let result = try TestTools.run("script", ["-qec", command, "/dev/null"])
        #expect(result.stdout.contains("refusing to write a binary stream to a terminal"), "\(result.stdout)")
        #expect(result.stdout.contains("status=2"), "\(result.stdout)")
        #expect(!result.stdout.contains("oci-layout"), "stream bytes reached the terminal")
    }

    /// A configuration that cannot be used is a usage error with a hint; a good one may come
    /// through a pipe (read once, although validation and the run both need it).
    @Test func configurationErrorsExitTwoWithAHint() throws {
        let directory = try TestTools.makeTempDirectory("ferry-usage-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nbogus: 1\n".utf8).write(to: bad)
        let layout = try LayoutOnDisk(layers: 1, layerSize: 100, seed: 6)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        let out = directory.appendingPathComponent("s.tar").path
        let result = try FerryBinary.run(["serialize", "--config", bad.path, layout.reference, out])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("ferry: error: \(bad.path):3: bogus: unknown key"), "\(result.stderr)")
        #expect(result.stderr.contains("ferry config --sample"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))

        let good = "apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\n"
        let piped = try TestTools.run("bash", ["-c", "'\(FerryBinary.path)' serialize -q --config <(printf '\(good)') '\(layout.reference)' '\(out)'"])
        #expect(piped.status == 0, "\(piped.stderr)")
    }
}

/// ace-dt command lines name the `mirror` group and may put UI flags first.
@Suite struct AceDTCommandLineTests {
    @Test func mirrorGroupAndLeadingFlagsAreAccepted() {
        #expect(AceDTUIOptions.normalized(["mirror", "gather", "s.list", "r/x:1"]) == ["gather", "s.list", "r/x:1"])
        #expect(AceDTUIOptions.normalized(["-v=info", "--no-term", "mirror", "serialize", "a", "b"])
                == ["serialize", "--verbosity=info", "--no-term", "a", "b"])
        #expect(AceDTUIOptions.normalized(["gather", "mirror"]) == ["gather", "mirror"])
        #expect(AceDTUIOptions.normalized(["--help"]) == ["--help"])
    }

    @Test func aceDTStyleCommandRuns() throws {
        let layout = try LayoutOnDisk(layers: 1, layerSize: 100, seed: 7)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        let out = layout.directory.appendingPathComponent("s.tar").path
        let result = try FerryBinary.run(["-v=warn", "mirror", "serialize", layout.reference, out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }
}
