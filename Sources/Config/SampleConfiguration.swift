extension FerryConfiguration {
    /// The commented sample printed by `ferry config --sample`. It loads as is (giving the
    /// defaults), and the commented registryConfig block loads too once uncommented: the tests
    /// check both, so the sample cannot drift into invalid YAML as ace-dt's once did.
    public static let sampleYAML: String = """
        # ferry configuration. ace-dt reads the same file, so one config serves both tools.
        # Use it with --config FILE (repeatable: later files override earlier ones key by key).
        apiVersion: config.dt.act3-ace.io/v1alpha1
        kind: Configuration

        # Local OCI-layout store used by archive and unarchive. "~" is your home directory.
        # cachePath: ~/.cache/ferry

        # Size `ferry cache prune` shrinks the cache to (ace-dt's util prune). Default 500Mi.
        # cachePruneMax: 500Mi

        # Largest piece of a blob sent in one upload request, with an SI (k, M, G) or
        # IEC (Ki, Mi, Gi) suffix. 0 uploads every blob in a single request.
        chunkSize: 100Mi

        # Blob transfers (so HTTP requests) in flight at once, the default of --concurrency.
        # Must be positive. Unset: 6 (ace-dt's default is 5).
        # concurrentHTTP: 25

        # Credentials file (docker config.json or containers auth.json format). When unset,
        # ferry reads $DOCKER_CONFIG/config.json or ~/.docker/config.json (auths, credsStore,
        # credHelpers), then $REGISTRY_AUTH_FILE or $XDG_RUNTIME_DIR/containers/auth.json.
        # registryAuthFile: ~/.docker/config.json

        # Mirrors, pull rewrites, TLS and referrers settings. Remove the leading "# " of the
        # lines below to use them; every line of the block is valid as written.
        # registryConfig:
        #   registries:                          # keyed by registry host[:port]
        #     index.docker.io:                   # also applies to docker.io and registry-1.docker.io
        #       endpoints:                       # scheme included; tried in order
        #         - https://mirror.example.com
        #         - https://index.docker.io
        #       rewritePull:                     # regex on the repository path; first match wins
        #         "^rancher/(.*)": "ace/dt/rancher-images/$1"
        #         "^ubuntu/(.*)": "ace/dt/ubuntu-images/$1"
        #     localhost:5000:
        #       endpoints:
        #         - http://localhost:5000        # http:// means plain HTTP for this endpoint
        #       noncompliant: true               # no token for two repositories: no mounts
        #   endpointConfig:                      # keyed by endpoint URL, scheme included
        #     https://nvcr.io:
        #       supportsReferrers: tag           # tag | api | auto (default auto)
        #     https://reg.internal:
        #       tls:
        #         insecureSkipVerify: false      # true skips certificate checks: avoid
        #         caFile: /etc/ferry/reg-internal-ca.pem
        #         certFile: ~/.ferry/client.pem  # client certificate and key, both or neither
        #         keyFile: ~/.ferry/client-key.pem

        """
}
