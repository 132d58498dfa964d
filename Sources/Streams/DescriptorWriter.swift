#if canImport(Glibc)
import Glibc
#endif

/// Writes every byte to a descriptor: write(2) may write less than asked (pipes, signals), and
/// EINTR is not a failure. The one loop ferry's writers share.
public enum DescriptorWriter {
    /// Writes all of `bytes` to `fd`: nil when every byte was written, else the errno of the
    /// failed write (EIO for a write that wrote nothing, which would otherwise loop for ever).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var base = bytes.baseAddress else { return nil }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(fd, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            base += written
            remaining -= written
        }
        return nil
    }

    /// `writeAll` of the UTF-8 bytes of `text`.
    public static func writeAll(_ fd: Int32, _ text: String) -> Int32? {
        Array(text.utf8).withUnsafeBytes { writeAll(fd, $0) }
    }
}
