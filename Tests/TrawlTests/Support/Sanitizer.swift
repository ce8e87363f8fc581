import Foundation

/// The sanitizer this test build runs under (`scripts/sanitize.sh`, `swift test --sanitize=…`), and how much
/// slower it makes the code, so that bounds on time still hold there while staying far below "hangs".
///
/// Swift has no `#if` for sanitizers, so the build is recognized by the runtime it linked: ThreadSanitizer
/// and AddressSanitizer export their initialisation functions (`__tsan_init`, `__asan_init`) from the test
/// bundle, and the `trawl` binary the CLI tests start is built with the same sanitizer.
enum Sanitizer: String, Sendable {
    case thread, address

    static let current: Sanitizer? = {
        let program = dlopen(nil, RTLD_NOW)
        defer { if let program { dlclose(program) } }
        if dlsym(program, "__tsan_init") != nil { return .thread }
        if dlsym(program, "__asan_init") != nil { return .address }
        return nil
    }()

    /// How many times longer the same work may take. ThreadSanitizer's documented slowdown is 5–15×,
    /// AddressSanitizer's about 2×, but the suite runs hundreds of tests, crawls, servers and sanitized
    /// `trawl` processes at once: on the 2-core reference machine the whole suite took 5–6× as long under
    /// either sanitizer (about 300 s against 57 s), and a finished fetch's continuation waited up to ~100 s
    /// for a thread of the cooperative pool. So one generous factor for both.
    static var slowdown: Double { current == nil ? 1 : 10 }

    /// `seconds` of a bound on the normal build, stretched by `slowdown` under a sanitizer.
    static func scaled(_ seconds: Double) -> Double { seconds * slowdown }
}
