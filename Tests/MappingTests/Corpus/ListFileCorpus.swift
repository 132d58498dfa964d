/// Seeds for the sources.list and mapping CSV fuzzers: the documented forms and the edge cases
/// Go's encoding/csv rules give (quotes, comments, CRLF, BOM, fields spanning lines).
enum ListFileCorpus {
    static let sourcesLists = [
        "docker.io/library/alpine:3.19\n",
        "# team images\nreg.low/team/app:2, tier=backend\nreg.low/tools:latest\nreg.low/team/app:1,tier=backend, owner=alice\n",
        "\"alpine:3.19\",\"team=core\"\r\nbusybox\r\n",
        "alpine,\"tags=/(a|b),c/\",a=b\n",
        "localhost:5000/app:*,example.com/team=ops\n",
        "\u{FEFF}alpine\r",
        "alpine\n\"busybox\",\"a=\nb\"\nnginx",
        "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,k=v\n",
        "  # indented\n,a=b\nalpine,\n\"\"\n",
        "alpine,tags=/^3\\.1[0-9]$/\n\n\n   \n#x,y\n",
    ]

    static let mappings = [
        "# prefix map\ndocker.io/,reg.high/mirror/\n\n,reg.high/default/\n",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,reg.high/pinned/app:1\n",
        "\"a,b\",\"c\"\"d\"\r\nreg.low/,reg.high/\r\n",
        "reg.low/team/,reg.high/t/\nreg.low/,reg.high/all/\nreg.low/team/app,reg.high/app\n",
        "a,b\nx,y,\n # not a comment\n",
        "reg.low/,\"reg.high/\nspan\"\n",
    ]
}
