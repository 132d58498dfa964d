/// Seed inputs of `TarReaderFuzzTests`, kept in the repository so every run starts from the
/// same shapes: the header formats libarchive parses (ustar, pax with overrides, GNU long names,
/// base-256 sizes, v7), hostile entry types, and broken ones (bad checksum, no end marker). Made
/// with Python's tarfile (record padding dropped). Each input is `length` bytes, zero except for
/// the runs given as "offset:base64". An input that ever crashed the reader belongs here.
enum TarFuzzCorpus {
    static let inputs: [(name: String, length: Int, runs: [String])] = [
        ("ustarLayout", 5120, [
            "0:b2NpLWxheW91dA==",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMzYAMDAwMDAwMDAwMDAAMDA3NzU0ACAw",
            "257:dXN0YXIAMDA=",
            "512:eyJpbWFnZUxheW91dFZlcnNpb24iOiIxLjAuMCJ9",
            "1024:aW5kZXguanNvbg==",
            "1124:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwNDIAMDAwMDAwMDAwMDAAMDA3NzQzACAw",
            "1281:dXN0YXIAMDA=",
            "1536:eyJzY2hlbWFWZXJzaW9uIjoyLCJtYW5pZmVzdHMiOltdfQ==",
            "2048:YmxvYnMv",
            "2148:MDAwMDc3NwAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDA3MDUyACA1",
            "2305:dXN0YXIAMDA=",
            "2560:YmxvYnMvc2hhMjU2Lw==",
            "2660:MDAwMDc3NwAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDEwMDYyACA1",
            "2817:dXN0YXIAMDA=",
            "3072:YmxvYnMvc2hhMjU2L2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWF" +
            "hYWFhYWFhYWFhYWE=",
            "3172:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwNzQAMDAwMDAwMDAwMDAAMDI0MTYxACAw",
            "3329:dXN0YXIAMDA=",
            "3584:bGF5ZXIgYnl0ZXMgbGF5ZXIgYnl0ZXMgbGF5ZXIgYnl0ZXMgbGF5ZXIgYnl0ZXMgbGF5ZXIgYnl0ZXMg",
        ]),
        ("paxLongName", 3584, [
            "0:Li8uL0BQYXhIZWFkZXI=",
            "100:MDAwMDAwMAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAyNDYAMDAwMDAwMDAwMDAAMDEwMjE3ACB4",
            "257:dXN0YXIAMDA=",
            "512:MTY2IHBhdGg9YmxvYnMvbm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5u" +
            "bm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5u" +
            "bm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5uCg==",
            "1024:YmxvYnMvbm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5" +
            "ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubjAwMDA2NDQAMDAwMDAwMAAwMDAwMDAwADAwMDAwMDAwMDA" +
            "0ADAwMDAwMDAwMDAwADAzMzIwNgAgMA==",
            "1281:dXN0YXIAMDA=",
            "1536:bG9uZw==",
            "2048:eg==",
            "2148:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDA2MTI3ACAw",
            "2305:dXN0YXIAMDA=",
        ]),
        ("gnuLongName", 3584, [
            "0:Li8uL0BMb25nTGluaw==",
            "100:MDAwMDAwMAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAyMTEAMDAwMDAwMDAwMDAAMDA3NzQ3ACBM",
            "257:dXN0YXIgIA==",
            "512:YmxvYnMvZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dn" +
            "Z2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dn" +
            "Zw==",
            "1024:YmxvYnMvZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2d" +
            "nZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZzAwMDA2NDQAMDAwMDAwMAAwMDAwMDAwADAwMDAwMDAwMDA" +
            "zADAwMDAwMDAwMDAwADAzMTcyMwAgMA==",
            "1281:dXN0YXIgIA==",
            "1536:Z251",
            "2048:ZGlyLw==",
            "2148:MDAwMDc3NwAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDA2NDY3ACA1",
            "2305:dXN0YXIgIA==",
        ]),
        ("paxOverrides", 3072, [
            "0:Li8uL0BQYXhIZWFkZXI=",
            "100:MDAwMDAwMAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwNjEAMDAwMDAwMDAwMDAAMDEwMjEyACB4",
            "257:dXN0YXIAMDA=",
            "512:MjAgc2l6ZT05OTk5OTk5OTk5OQoxMyBtdGltZT0xLjUKMTYgcGF0aD1yZW5hbWVkCg==",
            "1024:aHVnZQ==",
            "1124:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDUAMDAwMDAwMDAwMDAAMDA2NjEzACAw",
            "1281:dXN0YXIAMDA=",
            "1536:c21hbGw=",
        ]),
        ("base256Size", 2048, [
            "0:YmFzZTI1Ng==",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAgAAAAAAAAAAAAAADMDAwMDAwMDAwMDAAMDA2MTUwACAw",
            "257:dXN0YXIgIA==",
            "512:YWJj",
        ]),
        ("hostileEntries", 6144, [
            "0:b2NpLWxheW91dA==",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDIAMDAwMDAwMDAwMDAAMDA3NzQ1ACAw",
            "257:dXN0YXIAMDA=",
            "512:e30=",
            "1024:bGluaw==",
            "1124:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDEwNjcxACAyL2V0Yy9wYXN" +
            "zd2Q=",
            "1281:dXN0YXIAMDA=",
            "1536:aGFyZA==",
            "1636:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDEwNjAzACAxb2NpLWxheW9" +
            "1dA==",
            "1793:dXN0YXIAMDA=",
            "2048:Zmlmbw==",
            "2148:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDA2NjA3ACA2",
            "2305:dXN0YXIAMDA=",
            "2560:ZGV2",
            "2660:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDAAMDAwMDAwMDAwMDAAMDA3NzAzACAz",
            "2817:dXN0YXIAMDA=",
            "2889:MDAwMDAwMQAwMDAwMDAz",
            "3072:Li4vdXA=",
            "3172:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDEAMDAwMDAwMDAwMDAAMDA2NTE2ACAw",
            "3329:dXN0YXIAMDA=",
            "3584:eA==",
            "4096:L2Ficw==",
            "4196:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDEAMDAwMDAwMDAwMDAAMDA2NTAzACAw",
            "4353:dXN0YXIAMDA=",
            "4608:eA==",
        ]),
        ("badChecksum", 2048, [
            "0:YmFkLWNoZWNrc3Vt",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDQAMDAwMDAwMDAwMDAAMTEwMjEwACAw",
            "257:dXN0YXIAMDA=",
            "512:ZGF0YQ==",
        ]),
        ("gnuSparseType", 2048, [
            "0:c3BhcnNl",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMTIAMDAwMDAwMDAwMDAAMDA3MTYxACBT",
            "257:dXN0YXIgIA==",
            "512:c3Nzc3Nzc3Nzcw==",
        ]),
        ("noEndMarker", 2048, [
            "0:YQ==",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDEAMDAwMDAwMDAwMDAAMDA2MDc3ACAw",
            "257:dXN0YXIAMDA=",
            "512:MQ==",
            "1024:Yg==",
            "1124:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDEAMDAwMDAwMDAwMDAAMDA2MTAwACAw",
            "1281:dXN0YXIAMDA=",
            "1536:Mg==",
        ]),
        ("v7", 2048, [
            "0:b2xk",
            "100:MDAwMDY0NAAwMDAwMDAwADAwMDAwMDAAMDAwMDAwMDAwMDcAMDAwMDAwMDAwMDAAMDA1MjI0ACAw",
            "512:djcgZGF0YQ==",
        ]),
    ]
}
