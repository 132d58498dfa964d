import Foundation
@testable import OCI

/// The OCIError a closure throws, or nil if it returns (or throws something else).
func ociError<T>(_ body: () throws -> T) -> OCIError? {
    do {
        _ = try body()
        return nil
    } catch let error as OCIError {
        return error
    } catch {
        return nil
    }
}

/// Test data: digest of `{}`, the OCI empty blob.
let emptyJSONDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

/// A syntactically valid digest made of one repeated hex character.
func fakeDigest(_ c: Character) -> String { "sha256:" + String(repeating: c, count: 64) }
