import ArgumentParser
import Config
import Foundation
import OCI
import Signatures

/// `--verify-signatures KEY.pub` for gather, clone, scatter and unarchive.
struct SignatureOptions: ParsableArguments {
    @Option(name: .customLong("verify-signatures"), help: ArgumentHelp(
        "Refuse any image without a cosign signature by this public key (PEM, ECDSA P-256; - for standard input); repeatable: any of the keys may have signed.",
        valueName: "KEY.pub"))
    var keyFiles: [String] = []

    /// The verifier for the keys given, nil without the flag; a key that cannot be read or used
    /// is a usage error (exit 2) naming the file, before anything else happens.
    func verifier(report: Reporter) throws -> SignatureVerifier? {
        guard !keyFiles.isEmpty else { return nil }
        do {
            return SignatureVerifier(keys: try keyFiles.map { path in
                let pem: Data
                do { pem = try PEMFile.read(path) } catch { throw ValidationError("--verify-signatures: \(error)") }
                return try SignatureKey(pem: pem, name: path == "-" ? "(standard input)" : path)
            })
        } catch {
            report.fail(error)
            throw ExitCode(2)
        }
    }
}
