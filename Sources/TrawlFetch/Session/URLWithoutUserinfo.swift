/// Removes `user:password@` from a URL curl reports.
///
/// With CURLOPT_USERNAME / CURLOPT_PASSWORD set, libcurl 7.88 puts them into the URL of a followed redirect,
/// and so into CURLINFO_EFFECTIVE_URL (`http://alice:s3cret@host/landing`), which trawl would store as the
/// page's final URL and print in `--verbose` logs. Every URL the connector hands back goes through here.
enum URLWithoutUserinfo {
    static func of(_ url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        let authority = url[schemeEnd.upperBound...]
        let authorityEnd = authority.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        guard let at = authority[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(url[url.index(after: at)...])
    }
}
