import OCI

/// What one transfer session has walked: the visited sets that make every graph walk end.
actor WalkLedger {
    /// Manifests whose walk has started (as a root, a child or a referrer).
    private var manifests: Set<Digest> = []
    /// Manifests whose referrers have been (or are being) listed.
    private var listings: Set<Digest> = []

    /// True the first time `digest` is claimed: the caller walks it.
    @discardableResult
    func claimManifest(_ digest: Digest) -> Bool { manifests.insert(digest).inserted }

    /// True the first time: the caller lists the referrers of `digest`.
    func claimListing(_ digest: Digest) -> Bool { listings.insert(digest).inserted }

    /// The digests of `digests` not listed before, in order, now claimed.
    func claimListings(_ digests: [Digest]) -> [Digest] { digests.filter { listings.insert($0).inserted } }
}
