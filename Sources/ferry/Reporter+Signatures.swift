extension Reporter {
    /// `--verify-signatures` passed: how many images it checked.
    func signaturesVerified(_ count: Int) {
        locked { emit(["event": "signatures", "verified": count]) }
        if !json, !quiet { say("signatures: \(count) image(s) verified") }
    }
}
