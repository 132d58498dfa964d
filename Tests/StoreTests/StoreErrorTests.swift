import Foundation
import Testing
@testable import Store

/// A full disk is named as such, with the directory to free, not a temporary file's name.
@Suite struct StoreErrorTextTests {
    @Test func diskFullNamesTheDirectory() {
        let error = StoreError.io(path: "/data/layout/blobs/sha256/.ingest-abc-123", operation: "write", errno: ENOSPC)
        #expect(error.description.hasPrefix("disk full: cannot write in /data/layout/blobs/sha256 ("), "\(error)")
        #expect(error.description.contains("df -h /data/layout/blobs/sha256"))
        #expect(!error.description.contains(".ingest-"))
    }
}
