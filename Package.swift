// swift-tools-version:6.0
import PackageDescription

/// trawl: a batch web crawler on SQLite, libcurl and libxml2.
///
/// Targets follow the architecture, one per layer, so that each layer's dependencies are enforced
/// by the compiler:  C bindings → URLs / Parse / Store / Fetch → Crawl → the thin `trawl` CLI.
let package = Package(
    name: "trawl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trawl", targets: ["trawl"]),
        .library(name: "TrawlCrawl", targets: ["TrawlCrawl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // MARK: C bindings (system libraries, found through pkg-config)
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        /// UTS #46 (IDNA) for host names, as the WHATWG URL Standard's "domain to ASCII" asks.
        .systemLibrary(name: "CIDN2", pkgConfig: "libidn2", providers: [.apt(["libidn2-dev"])]),
        /// The Public Suffix List, for `--follow domain` ("same site").
        .systemLibrary(name: "CPSL", pkgConfig: "libpsl", providers: [.apt(["libpsl-dev", "publicsuffix"])]),
        /// PostgreSQL's client library, for `--db postgres://…` (a queue shared by crawlers on many machines).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        /// zlib: gzip-compressed sitemaps (`.xml.gz`) are inflated, WARC records are written as gzip members.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        /// Embeds the repository's `schema.sql` and `schema-postgres.sql` into the binary at build time (C23 `#embed`), so the
        /// file users read is byte for byte the schema the binary applies.
        .target(name: "CTrawlSchema"),

        // MARK: layers
        /// The project's one lock (`ThreadLock`, a pthread mutex that ThreadSanitizer can see through).
        .target(name: "TrawlSync"),
        /// URLs as browsers read them (WHATWG URL Standard) and sites as the Public Suffix List draws them.
        .target(name: "TrawlURLs", dependencies: ["CIDN2", "CPSL"]),
        .target(name: "TrawlParse", dependencies: ["CLibXML2"]),
        /// robots.txt (RFC 9309): parsing and matching, pure Swift.
        .target(name: "TrawlRobots"),
        .target(name: "TrawlStore", dependencies: ["CSQLite", "CLibPQ", "CTrawlSchema", "TrawlURLs", "TrawlSync"]),
        .target(
            name: "TrawlFetch",
            dependencies: ["CCurl", "TrawlSync", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "TrawlCrawl",
            dependencies: [
                "TrawlURLs", "TrawlParse", "TrawlStore", "TrawlFetch", "TrawlRobots", "TrawlSync",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "trawl",
            dependencies: [
                "TrawlCrawl", "TrawlSync", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: test support and the offline demo site
        /// A real HTTP/1.1 server on loopback sockets, for tests and the README's demo crawl.
        .target(name: "LoopbackServer", dependencies: ["TrawlSync"]),
        .executableTarget(name: "trawl-demo-site", dependencies: ["LoopbackServer"]),
        /// Measures the machine's limits on a benchmark corpus (parse rate, SQLite insert rate), for bench/.
        .executableTarget(name: "trawl-bench", dependencies: ["TrawlParse", "TrawlURLs", "TrawlStore", "CSQLite"]),

        .testTarget(
            name: "TrawlTests",
            dependencies: [
                "TrawlCrawl", "TrawlURLs", "TrawlParse", "TrawlStore", "TrawlFetch", "TrawlRobots", "TrawlSync",
                "LoopbackServer",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
