import TrawlSync

/// A site whose pages carry validators and answer conditional requests, for re-crawl tests: each page has
/// an `ETag` (strong, `"v<version>"`) or a `Last-Modified` date, or both, and a `304 Not Modified` is sent
/// when the request's `If-None-Match` names the current ETag (RFC 9110 §13.1.2) or, without it, its
/// `If-Modified-Since` equals the current Last-Modified (§13.1.3; the dates are this server's own, so
/// equality is the test). Tests change a page's content (`update`) and read what the server saw: how many
/// requests of a page were conditional, and how many got a 304.
public final class ConditionalSite: Sendable {
    /// Which validators the pages send.
    public struct Validators: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let etag = Validators(rawValue: 1)
        public static let lastModified = Validators(rawValue: 2)
    }

    private struct Page {
        var html: String
        var version: Int
    }

    private struct State {
        var pages: [String: Page] = [:]
        var conditional: [String: Int] = [:]
        var notModified: [String: Int] = [:]
        var requests: [String: Int] = [:]
        var lastIfNoneMatch: [String: String] = [:]
        var lastIfModifiedSince: [String: String] = [:]
    }

    private let state = ThreadLock(State())
    private let validators: Validators

    /// `pages`: HTML by path, each at version 1.
    public init(_ pages: [String: String], validators: Validators) {
        self.validators = validators
        state.withLock { state in
            for (path, html) in pages { state.pages[path] = Page(html: html, version: 1) }
        }
    }

    /// Replaces a page's HTML: a new version, with a new ETag and Last-Modified.
    public func update(_ path: String, html: String) {
        state.withLock { state in
            let version = (state.pages[path]?.version ?? 0) + 1
            state.pages[path] = Page(html: html, version: version)
        }
    }

    /// Requests of `path` that carried If-None-Match or If-Modified-Since.
    public func conditionalRequests(_ path: String) -> Int { state.withLock { $0.conditional[path, default: 0] } }
    /// 304s sent for `path`.
    public func notModifiedResponses(_ path: String) -> Int { state.withLock { $0.notModified[path, default: 0] } }
    /// Every request of `path`.
    public func requests(_ path: String) -> Int { state.withLock { $0.requests[path, default: 0] } }
    /// The If-None-Match / If-Modified-Since values of the latest conditional request of `path`.
    public func lastConditions(_ path: String) -> (ifNoneMatch: String?, ifModifiedSince: String?) {
        state.withLock { ($0.lastIfNoneMatch[path], $0.lastIfModifiedSince[path]) }
    }

    /// The ETag of a version.
    public static func etag(version: Int) -> String { "\"v\(version)\"" }
    /// The Last-Modified date of a version: an IMF-fixdate a day apart per version.
    public static func lastModified(version: Int) -> String {
        "Sun, \(String(format2: version % 28 + 1)) Nov 2026 08:00:00 GMT"
    }

    /// The handler to give `LoopbackHTTPServer`.
    public var handler: @Sendable (ServerRequest) -> ServerResponse {
        { [self] request in self.answer(request) }
    }

    private func answer(_ request: ServerRequest) -> ServerResponse {
        let path = request.pathWithoutQuery
        let ifNoneMatch = request.header("If-None-Match")
        let ifModifiedSince = request.header("If-Modified-Since")
        return state.withLock { state in
            state.requests[path, default: 0] += 1
            guard let page = state.pages[path] else { return .notFound }
            if ifNoneMatch != nil || ifModifiedSince != nil {
                state.conditional[path, default: 0] += 1
                state.lastIfNoneMatch[path] = ifNoneMatch
                state.lastIfModifiedSince[path] = ifModifiedSince
            }
            let etag = Self.etag(version: page.version)
            let lastModified = Self.lastModified(version: page.version)
            var headers: [(String, String)] = []
            if validators.contains(.etag) { headers.append(("ETag", etag)) }
            if validators.contains(.lastModified) { headers.append(("Last-Modified", lastModified)) }
            let unchanged: Bool = if let ifNoneMatch, validators.contains(.etag) {
                ifNoneMatch == etag
            } else if let ifModifiedSince, validators.contains(.lastModified) {
                ifModifiedSince == lastModified
            } else {
                false
            }
            if unchanged {
                state.notModified[path, default: 0] += 1
                return ServerResponse(status: 304, headers: headers)
            }
            var response = ServerResponse.html(page.html)
            response.headers += headers
            return response
        }
    }
}

extension String {
    /// Two digits, zero-padded.
    fileprivate init(format2 value: Int) { self = value < 10 ? "0\(value)" : String(value) }
}
