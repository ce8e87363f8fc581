// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for trawl's input-facing code, kept out of the main package so that `swift build` and
/// `swift test` never see `-sanitize=fuzzer`. Built and run by `scripts/fuzz.sh` (see the README's
/// "Robustness checks"); each target's file says what it feeds in and which properties it checks.
let package = Package(
    name: "trawl-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "trawl", path: "..")],
    targets: [
        .executableTarget(name: "FuzzURLs", dependencies: [.product(name: "TrawlCrawl", package: "trawl")]),
        .executableTarget(name: "FuzzRobots", dependencies: [.product(name: "TrawlCrawl", package: "trawl")]),
        .executableTarget(name: "FuzzHTMLParse", dependencies: [.product(name: "TrawlCrawl", package: "trawl")]),
        .executableTarget(
            name: "FuzzEnqueueLines", dependencies: [.product(name: "TrawlCrawl", package: "trawl")]),
    ],
    swiftLanguageModes: [.v6]
)
