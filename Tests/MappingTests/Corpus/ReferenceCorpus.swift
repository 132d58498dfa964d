/// Seeds for the reference fuzzer: every shape the grammar has, and near misses.
enum ReferenceCorpus {
    static let seeds = [
        "alpine", "alpine:3.19", "library/alpine:latest", "docker.io/library/alpine:3.19",
        "localhost:5000/app:1", "localhost/app", "[::1]:5000/team/app:v1.2.3-rc.1",
        "reg.example.com:443/a/b/c/d:tag_1",
        "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "reg/app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "reg/app@sha512:" + String(repeating: "ab", count: 64),
        "a__b/c--d/e.f:G.h-i_j", "reg.io/a..b", "Reg.IO/app", "reg/App", "reg/app:", ":tag", "@sha256:", "reg//app",
        "reg/app:*", "reg/app:" + String(repeating: "t", count: 129), String(repeating: "a/", count: 130) + "a",
        "127.0.0.1:65536/app", "reg:port/app", "[fe80::1%eth0]:5000/app", "xn--bcher-kva.example/app",
    ]
}
