internal import CCurl

/// What every request of a connector carries besides its URL, as an aiohttp `ClientSession` does: the extra
/// headers (`--header`), one cookie jar for the whole crawl (`--cookies`, and every `Set-Cookie` of the run),
/// and the logins (`--auth`, `--netrc`).
///
/// Built with the connector, filled before its loop thread starts, then used only by that thread while it
/// runs; `takeCookies()` reads the jar once the thread has been joined. That confinement is what makes
/// `@unchecked Sendable` sound (see `CurlShare` on why the jar needs no locks).
final class RequestSession: @unchecked Sendable {
    /// CURLOPT_HTTPHEADER: kept for the connector's life, since curl keeps only the pointer.
    private let headers: CurlStringList?
    /// The `--header` lines of that list, for a request that adds its own (`setHeaders(_:adding:)`).
    private let headerLines: [String]
    private let jar: CurlShare
    private let logins: Logins
    /// Hosts whose server asked for Basic only (the `WWW-Authenticate` challenges of a 401 curl answered):
    /// later requests send it at once, as browsers do after the first challenge, instead of a 401 exchange
    /// each time.
    private var basicOnlyHosts = Set<String>()

    init(options: ConnectorOptions) throws(ConnectorError) {
        headerLines = options.headers.map(\.description)
        headers = CurlStringList(headerLines)
        if headers == nil && !headerLines.isEmpty { throw .curlUnavailable("curl_slist_append failed") }
        guard let jar = CurlShare() else { throw .curlUnavailable("curl_share_init failed") }
        self.jar = jar
        logins = options.logins
        if !options.cookies.lines.isEmpty { try load(options.cookies.lines) }
    }

    /// Puts cookie-file lines into the jar, once (CURLOPT_COOKIELIST takes one Netscape line at a time). Not
    /// CURLOPT_COOKIEFILE on each transfer: curl would read the file again for every request, and a cookie the
    /// site changed during the run would be set back to the file's value each time.
    private func load(_ lines: [String]) throws(ConnectorError) {
        guard let easy = CurlEasy() else { throw .curlUnavailable("curl_easy_init failed") }
        easy.set(share: jar)
        for line in lines { easy.set(CURLOPT_COOKIELIST, line) }
    }

    /// Sets the session's options on a freshly reset handle for `request`. Attaching the jar is not enough to
    /// send and keep cookies: CURLOPT_COOKIEFILE "" (no file) turns curl's cookie engine on for the transfer,
    /// in memory only: no CURLOPT_COOKIEJAR, nothing written unless `takeCookies()` is asked.
    func configure(_ easy: CurlEasy, for request: FetchRequest) {
        easy.set(share: jar)
        easy.set(CURLOPT_COOKIEFILE, "")
        if let headers { easy.set(CURLOPT_HTTPHEADER, list: headers) }
        logins.configure(easy, for: request, basicOnly: basicOnlyHosts.contains(request.hostKey))
    }

    /// CURLOPT_HTTPHEADER for a request with header lines of its own (a conditional re-fetch), after
    /// `configure`: curl keeps only the last list set, so this one holds the session's `--header` lines and
    /// the request's. The transfer keeps the list returned while curl may read it; nil when curl cannot
    /// allocate it (the session's list stays, the request goes out unconditional).
    func setHeaders(_ easy: CurlEasy, adding lines: [String]) -> CurlStringList? {
        guard let list = CurlStringList(headerLines + lines) else { return nil }
        easy.set(CURLOPT_HTTPHEADER, list: list)
        return list
    }

    /// Learns from a finished transfer which methods its host's server offered, when it challenged and the
    /// answer was accepted. Not after a redirect (the challenge may have come from another host): the final
    /// URL is still the request's. CURLINFO_REDIRECT_COUNT cannot tell, since curl counts its answer to a 401
    /// as a redirect (`Curl_follow`: "including auth reloads").
    func learn(from easy: CurlEasy, for request: FetchRequest, status: Int, finalURL: String?) {
        guard !logins.isEmpty, !basicOnlyHosts.contains(request.hostKey), status != 401, finalURL == request.url
        else { return }
        let challenges = easy.headerValues("WWW-Authenticate", request: 0)
        if !challenges.isEmpty, challenges.allSatisfy({ $0.lowercased().hasPrefix("basic") }) {
            basicOnlyHosts.insert(request.hostKey)
        }
    }

    /// Every cookie in the jar, as Netscape cookie-file lines. Only once the loop thread has ended.
    func takeCookies() -> [String] {
        guard let easy = CurlEasy() else { return [] }
        easy.set(share: jar)
        return easy.cookieLines()
    }
}

/// The cookies a crawl's jar starts with: the lines of a Netscape cookie file (`CookieFile.read`). Its
/// description counts them and never shows a value.
public struct StartingCookies: Sendable, Equatable, CustomStringConvertible {
    public var lines: [String]

    public init(lines: [String] = []) { self.lines = lines }

    public var description: String { "\(lines.count) cookie\(lines.count == 1 ? "" : "s")" }
}
