import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a split stream (`SOURCE.000`, `.001`, …): `deserialize` and `unarchive`.
struct VolumeOptions: ParsableArguments {
    @Flag(name: .customLong("wait-for-volumes"),
          help: "For a split stream (FILE.000): when the next volume is missing, ask on the terminal for it instead of failing.")
    var waitForVolumes = false

    /// What `DeserializeOptions.waitForVolume` gets: nil (a missing volume is an error) or the prompt.
    var waitForVolume: (@Sendable (String) throws -> Void)? {
        guard waitForVolumes else { return nil }
        return { @Sendable name in try Self.askForVolume(name) }
    }

    /// Asks on stderr and waits for Enter on /dev/tty: stdin may carry data, and a volume change
    /// is a person's answer, never a pipe's.
    static func askForVolume(_ name: String) throws {
        guard let terminal = fopen("/dev/tty", "r") else {
            throw CommandError("\(name) is missing and there is no terminal to ask for it (/dev/tty: \(String(cString: strerror(errno)))); put the volume there and run again")
        }
        defer { fclose(terminal) }
        Console.err("insert the volume holding \(name) and press Enter\n", always: true)
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        guard getline(&line, &capacity, terminal) >= 0 else {
            throw CommandError("\(name) is missing and the terminal closed while waiting for it")
        }
    }
}
