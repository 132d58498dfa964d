import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole small file from an open descriptor, bounded: configs, lists, manifests and
/// index.json are read whole, and a `/dev/zero` or a planted huge file must not fill memory.
public enum DescriptorReader {
    public enum Failure: Error, Equatable {
        /// read(2) failed with this errno.
        case system(Int32)
        /// More than the limit; nothing is returned.
        case tooLarge
    }

    /// Every byte up to end of file; EINTR is retried.
    public static func readAll(_ fd: Int32, limit: Int) throws(Failure) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(errno)
            }
            if count == 0 { return data }
            guard data.count + count <= limit else { throw .tooLarge }
            data.append(contentsOf: chunk[0..<count])
        }
    }
}
