// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "porpoise",
  products: [
    .executable(name: "porpoise", targets: ["porpoise"]),
    // For the fuzz targets in Fuzz/, which build this package with -sanitize=fuzzer.
    .library(name: "PorpoiseScripting", targets: ["ScriptSession", "WireProtocol", "PorpoiseSupport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
  ],
  targets: [
    // libedit, imported only by LineEditor.
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    // The ZooKeeper C client, imported only by Coordination.
    .systemLibrary(
      name: "CZookeeper",
      providers: [.apt(["libzookeeper-mt-dev"])]
    ),
    // Linux calls glibc declares only under _GNU_SOURCE: CPU affinity (ClusterEngine) and
    // starting a file's writeback (PorpoiseSupport's durable files).
    .systemLibrary(name: "CLinux"),
    // LZ4 blocks (liblz4): the compressed columns of dfs:// segments, wrapped by PorpoiseSupport.
    .systemLibrary(name: "CLZ4", providers: [.apt(["liblz4-dev"])]),
    // PCRE2 (libpcre2-8): the regex built-ins' engine, wrapped by ScriptBuiltins' RegularExpression.
    .systemLibrary(name: "CPCRE2", providers: [.apt(["libpcre2-dev"])]),
    // ZooKeeper sessions (an async wrapper over the C client) and the node registry on top.
    .target(name: "Coordination", dependencies: ["CZookeeper", "ClusterConfig", "PorpoiseSupport"]),
    // What several targets borrow: durable file writes and file access, the civil calendar,
    // large-stack threads and semaphores, the version. Depends on nothing of ours but the C
    // shim; anyone may import it.
    .target(name: "PorpoiseSupport", dependencies: ["CLinux", "CLZ4"]),
    // Lexer, parser, AST and diagnostics: no I/O, no runtime.
    .target(name: "ScriptSyntax", dependencies: ["PorpoiseSupport"]),
    // Values, typed vectors, the interpreter and the function registry.
    .target(
      name: "ScriptRuntime", dependencies: ["ScriptSyntax", "PorpoiseSupport"],
      // The interpreter's hot state lives in class properties; dynamic exclusivity checks on
      // every frame push cost more than the checks buy in release builds.
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    // Native functions registered by script name.
    .target(
      name: "ScriptBuiltins",
      dependencies: ["ScriptRuntime", "ScriptSyntax", "PorpoiseSupport", "CPCRE2"]),
    // The digest built-ins (md5, gmd5, hmac) over swift-crypto, apart so that ScriptBuiltins
    // need not wait for BoringSSL to compile.
    .target(
      name: "ScriptDigests",
      dependencies: ["ScriptBuiltins", "ScriptRuntime", .product(name: "Crypto", package: "swift-crypto")]),
    // Partitioned databases on the local disk: database(), loadTable(), append!, scans.
    .target(
      name: "TableStorage", dependencies: ["ScriptRuntime", "PorpoiseSupport", "WireProtocol"],
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    // What the shell and the batch runner share: sessions, dot-commands, diagnostics, exit codes.
    .target(
      name: "ScriptSession",
      dependencies: ["ScriptBuiltins", "ScriptDigests", "ScriptRuntime", "ScriptSyntax", "PorpoiseSupport"]),
    // DolphinDB config files (controller.cfg, agent.cfg, cluster.nodes, cluster.cfg): parsing,
    // precedence and validation. No I/O beyond what callers hand in.
    .target(name: "ClusterConfig", dependencies: ["PorpoiseSupport"]),
    // The binary encoding of values and the messages between shells and nodes: bytes only.
    .target(name: "WireProtocol", dependencies: ["ScriptRuntime", "ScriptSyntax"]),
    // Scripts over the network: every node's server and the client the shell and rpc use.
    .target(
      name: "RemoteNode",
      dependencies: [
        "WireProtocol", "ScriptSession", "ScriptRuntime", "ScriptSyntax", "PorpoiseSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ]
    ),
    // The node process: roles (controller, agent, data and compute nodes), logs, supervision.
    .target(
      name: "ClusterEngine",
      dependencies: [
        "RemoteNode", "Coordination", "ClusterConfig", "ScriptSession", "ScriptRuntime", "Licensing", "AccessControl", "CLinux",
        "TableStorage", "DistributedStorage", "JobRunner", "WebConsole", "PorpoiseSupport",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The web console a node serves on its own port: the page and the JSON API under /api/.
    .target(
      name: "WebConsole", dependencies: ["RemoteNode", "ScriptSession", "ScriptRuntime", "PorpoiseSupport"]),
    // Batch jobs: the queue and workers, their history, messages and results on disk, and
    // DolphinDB's job functions. Knows nothing of the network: a job's session comes from
    // whoever plugs the functions in.
    .target(
      name: "JobRunner",
      dependencies: ["ScriptRuntime", "ScriptSession", "ScriptSyntax", "WireProtocol", "PorpoiseSupport"]),
    // One dfs:// namespace for the cluster: the catalog of databases, tables and chunks (in
    // ZooKeeper through the coordination seam) and where chunk replicas are placed.
    .target(
      name: "DistributedStorage",
      dependencies: ["Coordination", "PorpoiseSupport", "ScriptRuntime", "TableStorage", "WireProtocol"]),
    // License files: fields, Ed25519 signatures (swift-crypto), the checks a node makes at start.
    .target(name: "Licensing", dependencies: ["PorpoiseSupport", .product(name: "Crypto", package: "swift-crypto")]),
    // Users, groups, rights, password hashes and session tokens; where users are stored.
    .target(
      name: "AccessControl",
      dependencies: [
        "ScriptRuntime", "PorpoiseSupport", .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]),
    // A small Swift wrapper over libedit that knows nothing about the language.
    .target(name: "LineEditor", dependencies: ["CEditLine"]),
    .executableTarget(
      name: "porpoise",
      dependencies: [
        "ScriptSession", "ScriptRuntime", "ScriptBuiltins", "TableStorage", "LineEditor", "ClusterConfig", "Coordination",
        "RemoteNode", "ClusterEngine", "Licensing", "AccessControl", "PorpoiseSupport", "JobRunner", "ScriptSyntax", "CLinux",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .testTarget(name: "ScriptSyntaxTests", dependencies: ["ScriptSyntax", "PorpoiseSupport"]),
    .testTarget(
      name: "GoldenScriptTests",
      dependencies: [
        "ScriptSession", "TableStorage", "AccessControl", "ClusterEngine", "ClusterConfig", "Licensing", "PorpoiseSupport",
        "DistributedStorage",
      ]
    ),
    .testTarget(name: "AccessControlTests", dependencies: ["AccessControl", "ScriptRuntime"]),
    .testTarget(name: "TableStorageTests", dependencies: ["TableStorage", "ScriptRuntime", "PorpoiseSupport"]),
    .testTarget(name: "PorpoiseCLITests", dependencies: ["TestSupport", "RemoteNode", "WireProtocol", "ScriptRuntime"]),
    // What the tests that run real processes share: ZooKeeper servers, spawned nodes, ports.
    .target(name: "TestSupport", dependencies: ["Coordination", "PorpoiseSupport"], path: "Tests/TestSupport"),
    .testTarget(name: "CoordinationTests", dependencies: ["Coordination", "ClusterConfig", "TestSupport"]),
    // The cluster benchmark (Scripts/bench-cluster.sh): real processes, timed.
    .executableTarget(
      name: "ClusterBench", dependencies: ["TestSupport", "Coordination", "RemoteNode", "WireProtocol"], path: "Benchmarks/ClusterBench"),
    // Cluster logic (election, fencing, supervision, reconciliation) on an in-memory
    // coordination service and a manual clock: no ZooKeeper, no processes.
    .testTarget(
      name: "ClusterEngineTests",
      dependencies: [
        "ClusterEngine", "Coordination", "ClusterConfig", "TestSupport", .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(name: "ClusterTests", dependencies: ["Coordination", "ClusterConfig", "TestSupport"]),
    .testTarget(name: "LicensingTests", dependencies: ["Licensing"]),
    .testTarget(name: "JobRunnerTests", dependencies: ["JobRunner", "ScriptRuntime", "PorpoiseSupport"]),
    .testTarget(
      name: "DistributedStorageTests",
      dependencies: [
        "DistributedStorage", "Coordination", "TestSupport", "PorpoiseSupport", "ScriptSession", "ScriptRuntime",
        "TableStorage", "WireProtocol",
      ]),
    .testTarget(name: "WireProtocolTests", dependencies: ["WireProtocol", "ScriptRuntime", "ScriptSyntax"]),
  ],
  swiftLanguageModes: [.v6]
)
