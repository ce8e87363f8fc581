import TrawlRobots

/// The robots.txt parser and matcher (RFC 9309) on arbitrary bytes.
///
/// The whole input is the file; its last line (after the last LF) doubles as a path to match, so the
/// fuzzer can steer patterns and paths together. Checks beyond "does not crash": `/robots.txt` is always
/// allowed (RFC 9309 §2.2.2); a crawl-delay is finite and non-negative; parsing with a small byte limit
/// never fails either.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRobots(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let lastLine = body.lastIndex(of: 0x0A).map { body[($0 + 1)...] } ?? body[...]
    let path = String(decoding: lastLine, as: UTF8.self)
    for agent in ["trawl/0.1 (batch web crawler; libcurl)", "*", ""] {
        let rules = RobotsRules(parsing: body, userAgent: agent)
        guard rules.allows("/robots.txt") else { fatalError("/robots.txt disallowed for \(agent)") }
        if let delay = rules.crawlDelay, !(delay.isFinite && delay >= 0) { fatalError("crawl-delay \(delay)") }
        _ = rules.allows(path)
        _ = rules.allows("/" + path)
        _ = rules.allows("")
    }
    _ = RobotsRules(parsing: body, userAgent: "trawl", maxBytes: size / 2).allows(path)
    _ = UserAgentToken.of(path)
    return 0
}
