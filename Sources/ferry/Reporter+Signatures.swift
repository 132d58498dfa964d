extension Reporter {
    /// `--verify-signatures` passed: how many images it checked.
    func signaturesVerified(_ count: Int) {
        locked { emit(["event": "signatures", "verified": count]) }
        if !json, !quiet { locked { Console.err("signatures: \(count) image(s) verified\n") } }
    }
}
