import Logging
import TrawlFetch
import TrawlURLs

extension Logger {
    /// One debug line per request (`trawl crawl --verbose`): method, URL, status or failure, time, and the
    /// final URL after redirects. Built only when debug logging is on.
    func logRequest(_ url: String, _ response: FetchResponse) {
        debug("\(RequestLogLine(url: url, response: response))")
    }
}

/// The text of one request log line: "GET http://a.test/ 200 12 ms 5120 bytes" or
/// "GET http://a.test/x failed after 5003 ms: timed out: …".
struct RequestLogLine: CustomStringConvertible {
    let url: String
    let response: FetchResponse

    var description: String {
        let milliseconds = Int((response.elapsed * 1000).rounded())
        if let failure = response.failure {
            return "GET \(url) failed after \(milliseconds) ms: \(failure.message)"
        }
        let bytes = response.bytes == 1 ? "1 byte" : "\(response.bytes) bytes"
        var line = "GET \(url) \(response.status.map(String.init) ?? "-") \(milliseconds) ms \(bytes)"
        // curl's effective URL keeps a userinfo a redirect's Location had: never print a password.
        if let final = response.finalURL, final != url { line += " (redirected to \(URLUserinfo.masked(final)))" }
        return line
    }
}
