import Foundation
import Streams

#if canImport(Glibc)
import Glibc
#endif

/// ferry's only writer to standard output and standard error. Foundation's `FileHandle.write`
/// traps when the reader has gone (EPIPE), so writes go through write(2): a closed standard output
/// stops the run (`RunControl`) instead of crashing it, and a closed standard error is ignored
/// (there is nowhere left to say anything). Once the run has stopped, nothing more is printed.
enum Console {
    /// Writes to standard output.
    static func out(_ text: String) {
        guard RunControl.shared.stopped == nil else { return }
        if let code = write(text, to: STDOUT_FILENO) { RunControl.shared.trip(.outputClosed(errno: code)) }
    }

    /// Writes to standard error; `always` also after the run stopped (the one closing message).
    static func err(_ text: String, always: Bool = false) {
        guard always || RunControl.shared.stopped == nil else { return }
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes all of `text` to `fd` (EINTR and short writes continued): the errno of a failed
    /// write, or nil when every byte was written. Also the `--debug` file's writer.
    static func write(_ text: String, to fd: Int32) -> Int32? {
        DescriptorWriter.writeAll(fd, text)
    }
}
