// swift-tools-version:6.0
import PackageDescription

/// ferry: move OCI images and artifacts between registries and across air gaps.
/// Module shape follows shared/docs/DESIGN.md: thin C wrappers, value-only OCI types,
/// one distribution client (Registry), one content store (Store), a thin CLI.
let package = Package(
    name: "ferry",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex and Atomic
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "OCI", targets: ["OCI"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Transfer", targets: ["Transfer"]),
        .library(name: "Resolve", targets: ["Resolve"]),
        .library(name: "Gather", targets: ["Gather"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own dependencies, named for the types Serve uses from them (logger, header names).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C libraries named by the brief. Each is wrapped by exactly one Swift file.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CLinux"),   // mallopt and sync_file_range, which Swift's Glibc module does not export
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "OCI", dependencies: ["CCrypto"]),
        .target(name: "Streams", dependencies: ["CLinux"]),
        .target(name: "Patterns"),   // Go-style regular expressions (rewritePull, sprig's regex functions)
        .target(name: "Config", dependencies: ["Streams", "Patterns", "Yams"]),
        .target(name: "Registry", dependencies: ["OCI", "Config", "CCurl", "Streams"]),
        .target(name: "Store", dependencies: ["OCI", "Config", "Streams", "Registry"]),
        .target(name: "Transfer", dependencies: ["OCI", "Streams", "Registry", "Store"]),
        // cosign signature checks (--verify-signatures): lookup in a registry or layout, verification.
        .target(name: "Signatures", dependencies: ["OCI", "Streams", "Store", "Transfer"]),
        .target(name: "Resolve", dependencies: ["OCI", "Config", "Streams", "Registry", "Store", "Transfer"]),
        .target(name: "Gather", dependencies: ["OCI", "Config", "Registry", "Store", "Transfer", "Resolve", "Signatures"]),
        .target(name: "TarStream", dependencies: ["CArchive", "Streams"]),
        // Reading a stream offline (ls, verify) and receipts, shared by serialize and deserialize.
        .target(name: "Inspect", dependencies: ["OCI", "Streams", "Registry", "Store", "Transfer", "TarStream"]),
        .target(name: "Serialize", dependencies: ["OCI", "Streams", "Registry", "Store", "Transfer", "TarStream", "Inspect"]),
        .target(name: "Deserialize", dependencies: ["OCI", "Streams", "Registry", "Store", "TarStream", "Inspect"]),
        .target(name: "GoTemplate", dependencies: ["OCI", "Patterns", "CCrypto"]),
        .target(name: "Mapping", dependencies: ["OCI", "Config", "GoTemplate"]),
        .target(name: "Scatter", dependencies: ["OCI", "Config", "Registry", "Store", "Transfer", "Resolve", "Mapping", "Signatures"]),
        // A read-only OCI distribution endpoint over a layout, the local store or a stream file.
        .target(name: "Serve", dependencies: [
            "OCI", "Streams", "Store", "TarStream",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // What composes stages (archive, unarchive, clone, the plan/check/run flow); stages never import it.
        .target(name: "Workflows", dependencies: ["OCI", "Config", "Registry", "Store", "Transfer", "Resolve", "Gather", "Serialize", "Deserialize", "Mapping", "Scatter", "Signatures"]),
        .executableTarget(name: "ferry", dependencies: [
            "OCI", "Streams", "Config", "Registry", "Store", "Transfer", "Resolve", "Gather", "TarStream", "Inspect", "Serialize", "Deserialize", "Mapping", "Scatter", "Signatures", "Workflows", "Serve",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Test support: real registries (docker-registry), token server, fault proxy, image builder.
        .target(name: "TestSupport", dependencies: ["OCI", "Streams", "CCrypto"], path: "Tests/TestSupport"),
        .target(name: "ClientTestSupport", dependencies: ["OCI", "Config", "Streams", "Registry", "TestSupport"],
                path: "Tests/ClientTestSupport"),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport", "OCI"]),
        .testTarget(name: "StreamsTests", dependencies: ["Streams"]),
        .testTarget(name: "OCITests", dependencies: ["OCI"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Patterns"]),
        .testTarget(name: "PatternsTests", dependencies: ["Patterns", "Config"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Streams", "Patterns", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Streams", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "TransferTests", dependencies: ["Transfer", "Store", "Streams", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "SignaturesTests", dependencies: ["Signatures", "Store", "OCI", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "ResolveTests", dependencies: ["Resolve", "Store", "Config", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "GatherTests", dependencies: ["Gather", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "TarStreamTests", dependencies: ["TarStream", "Streams", "TestSupport"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate", "TestSupport"], exclude: ["Oracle"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "OCI", "Config", "TestSupport"]),
        .testTarget(name: "ScatterTests", dependencies: ["Scatter", "Mapping", "Gather", "Store", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "ferryTests", dependencies: ["ferry", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "InspectTests", dependencies: ["Inspect", "Serialize", "TarStream", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "SerializeTests", dependencies: ["Serialize", "TarStream", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "DeserializeTests", dependencies: ["Deserialize", "Serialize", "TarStream", "Streams", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "OCI", "Store", "Registry", "Streams", "TestSupport", "ClientTestSupport"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "Gather", "Scatter", "Serialize", "Deserialize", "Mapping", "Store", "Config", "TestSupport", "ClientTestSupport"]),
    ]
)
