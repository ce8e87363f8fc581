/// What came back for one request: a response (any status), or a failure, never both.
public struct FetchResponse: Sendable {
    /// HTTP status of the final response; nil when no response came.
    public var status: Int?
    /// The URL of the final response, after redirects.
    public var finalURL: String?
    public var contentType: String?
    /// The body, decoded; empty when `ConnectorOptions.keepsBody` declined this content type.
    public var body: [UInt8]
    /// Body bytes received (decoded), kept or not.
    public var bytes: Int
    /// Seconds from hand-over to curl to completion (CURLINFO_TOTAL_TIME_T).
    public var elapsed: Double
    public var redirects: Int
    /// The server's Retry-After, in seconds from now (CURLINFO_RETRY_AFTER parses both forms).
    public var retryAfter: Double?
    public var failure: FetchFailure?
    /// The values of the final response's `X-Robots-Tag` headers, in order (what it tells crawlers about
    /// the page, as `<meta name="robots">` does).
    public var robotsTags: [String] = []
    /// The HTTP version of the final response ("1.1", "2"; CURLINFO_HTTP_VERSION); nil when none came.
    public var httpVersion: String?
    /// The final response's `ETag` and `Last-Modified` headers as received, kept to make the next fetch of
    /// the page conditional.
    public var etag: String?
    public var lastModified: String?

    public init(
        status: Int? = nil, finalURL: String? = nil, contentType: String? = nil, body: [UInt8] = [],
        bytes: Int = 0, elapsed: Double = 0, redirects: Int = 0, retryAfter: Double? = nil,
        failure: FetchFailure? = nil
    ) {
        self.status = status
        self.finalURL = finalURL
        self.contentType = contentType
        self.body = body
        self.bytes = bytes
        self.elapsed = elapsed
        self.redirects = redirects
        self.retryAfter = retryAfter
        self.failure = failure
    }
}

/// Why a request produced no usable response, in trawl's words: `summary` is "<kind>: <what happened>"
/// ("connect: connection refused"), `detail` is libcurl's own text when there is one. `message`, the two
/// together, is what `pages.error` stores.
public struct FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case timeout, connect, resolve, network, tooLarge, redirects, refusedScheme, privateAddress, cancelled, other
        /// The proxy could not be reached, refused, or failed to reach the target for us.
        case proxy
        /// The server's certificate was refused (expired, unknown CA, another name): trying again will not help.
        case tls
    }
    public var kind: Kind
    public var summary: String
    /// curl's detail (CURLOPT_ERRORBUFFER): the host, port, or milliseconds involved.
    public var detail: String?

    public init(_ kind: Kind, _ summary: String, detail: String? = nil) {
        self.kind = kind
        self.summary = summary
        self.detail = detail
    }

    /// "connect: connection refused (curl: Failed to connect to 127.0.0.1 port 9: Connection refused)".
    public var message: String { message(context: nil) }

    /// The message with what the request was for, before curl's detail: "connect: connection refused
    /// (fetching robots.txt; curl: …)". The kind stays first, so that failures group by their cause.
    public func message(context: String?) -> String {
        switch (context, detail) {
        case (nil, nil): summary
        case (let context?, nil): "\(summary) (\(context))"
        case (nil, let detail?): "\(summary) (curl: \(detail))"
        case (let context?, let detail?): "\(summary) (\(context); curl: \(detail))"
        }
    }

    /// Worth another attempt later: the network may do better next time. A refused response will not.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connect, .resolve, .network: true
        case .tooLarge, .redirects, .refusedScheme, .privateAddress, .cancelled, .other, .tls: false
        case .proxy: true
        }
    }

    public var description: String { message }
}
