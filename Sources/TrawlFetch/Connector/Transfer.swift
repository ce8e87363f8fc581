internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One request's life inside the connector: waiting, then running on an easy handle, then answered.
///
/// Created by `Connector.fetch` and from then on touched only by the connector's loop thread (including
/// curl's write callback, which runs inside `curl_multi_perform` on that thread); that confinement is
/// what makes `@unchecked Sendable` sound.
final class Transfer: @unchecked Sendable {
    let id: UInt64
    let request: FetchRequest
    let maxBytes: Int
    let keepsBody: @Sendable (String?) -> Bool
    private var continuation: CheckedContinuation<FetchResponse, Never>?
    var easy: CurlEasy?
    var body: [UInt8] = []
    var bytes = 0
    /// Set once the first body bytes arrive: whether this content type's body is kept.
    var keepBody: Bool?
    var exceededMaxBytes = false
    /// Set when `truncateBodyAt` cut the body: the transfer was stopped on purpose.
    var truncated = false
    /// The private address a connection was refused to, for the error message.
    var refusedAddress: String?
    /// The proxy this transfer goes through (`ProxyRoutes`), nil when direct.
    var route: ProxyRoutes.Route?
    /// Through a proxy: the host of a redirect refused by name (`ProxiedTargetGuard`), and why.
    var refusedTarget: (host: String, reason: String)?
    /// The request's header list when it has lines of its own (a conditional re-fetch: the session's
    /// `--header` lines and its own), alive as long as curl may read it.
    var headers: CurlStringList?

    init(id: UInt64, request: FetchRequest, options: ConnectorOptions,
         continuation: CheckedContinuation<FetchResponse, Never>) {
        self.id = id
        self.request = request
        self.maxBytes = options.maxBytes
        self.keepsBody = options.keepsBody
        self.continuation = continuation
    }

    /// Answers the caller, exactly once.
    func complete(_ response: FetchResponse) {
        continuation?.resume(returning: response)
        continuation = nil
    }

    /// Takes body bytes from curl's write callback. Counting here, after decoding, is what bounds a
    /// gzip bomb: CURLOPT_MAXFILESIZE only checks Content-Length in this libcurl.
    /// Returns false to make curl abort the transfer (CURLE_WRITE_ERROR).
    func receive(_ data: UnsafeRawBufferPointer) -> Bool {
        if keepBody == nil {
            keepBody = request.keepsAnyBody || keepsBody(easy?.string(CURLINFO_CONTENT_TYPE))
            // One allocation for the whole body when its length is announced (and plausible).
            if keepBody == true, let length = easy?.offset(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T),
               length > 0, length <= maxBytes {
                body.reserveCapacity(Int(length))
            }
        }
        if let limit = request.truncateBodyAt, bytes + data.count >= limit {
            body.append(contentsOf: data.prefix(limit - bytes))
            bytes = limit
            truncated = true
            return false
        }
        bytes += data.count
        if bytes > maxBytes {
            exceededMaxBytes = true
            return false
        }
        if keepBody == true { body.append(contentsOf: data) }
        return true
    }

    /// curl's CURLOPT_OPENSOCKETFUNCTION: sees each address before curl connects to it, and refuses private
    /// ones unless the request allows them. `userdata` is the unretained `Transfer`.
    /// Through a proxy the only address connected to is the proxy's, which the user chose: it is not
    /// checked here, the target's name is (`ProxiedTargetGuard`).
    static let openSocketCallback: trawl_opensocket_callback = { userdata, _, address in
        guard let userdata, let address else { return -1 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
        if transfer.route == nil && !transfer.request.allowPrivateAddresses && trawl_sockaddr_is_private(address) != 0 {
            var text = [CChar](repeating: 0, count: 64)
            transfer.refusedAddress = String(cString: trawl_sockaddr_text(address, &text, UInt32(text.count)))
            return -1  // CURL_SOCKET_BAD: curl reports CURLE_COULDNT_CONNECT
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    /// curl's CURLOPT_PREREQFUNCTION, set only on proxied transfers that may not reach private addresses:
    /// before each request is sent (the first was checked before the transfer started; this catches
    /// redirects), refuses a target whose name is private (`ProxiedTargetGuard`). Returns 1
    /// (CURL_PREREQFUNC_ABORT) to refuse, 0 to go on.
    static let prerequestCallback: trawl_prereq_callback = { userdata, _, _, _, _ in
        guard let userdata else { return 1 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
        guard let url = transfer.easy?.string(CURLINFO_EFFECTIVE_URL), let host = CurlURL(parsing: url)?.host else {
            return 0
        }
        guard let reason = ProxiedTargetGuard.refusal(host: host) else { return 0 }
        transfer.refusedTarget = (host, reason)
        return 1
    }

    /// curl's CURLOPT_WRITEFUNCTION: `userdata` is the unretained `Transfer`.
    static let writeCallback: trawl_data_callback = { data, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        let buffer = UnsafeRawBufferPointer(start: data, count: length)
        return transfer.receive(buffer) ? length : 0
    }
}

/// One URL to fetch. `hostKey` is the lower-case host[:port] the per-host limits and rate apply to.
public struct FetchRequest: Sendable, Hashable {
    public var url: String
    public var hostKey: String
    /// Whether the request may connect to a loopback, private or link-local address. Checked on the
    /// address actually connected to (after DNS, and for every redirect), so that a public name resolving
    /// to 127.0.0.1 does not get through.
    public var allowPrivateAddresses: Bool
    /// Redirects followed at most for this request; nil: `ConnectorOptions.maxRedirects`.
    public var maxRedirects: Int?
    /// Keep only the first this many body bytes and stop reading there, as a success (robots.txt: RFC 9309
    /// asks for at least 500 KiB to be parsed, not for the whole file). nil: `maxBytes` applies, and a
    /// larger body fails.
    public var truncateBodyAt: Int?
    /// Keep the body whatever its Content-Type (robots.txt is text/plain).
    public var keepsAnyBody: Bool
    /// Validators of the version already stored: the request is conditional (`ConditionalHeaders`).
    public var conditional: ConditionalHeaders?

    public init(
        url: String, hostKey: String, allowPrivateAddresses: Bool = true, maxRedirects: Int? = nil,
        truncateBodyAt: Int? = nil, keepsAnyBody: Bool = false, conditional: ConditionalHeaders? = nil
    ) {
        self.conditional = conditional
        self.keepsAnyBody = keepsAnyBody
        self.url = url
        self.hostKey = hostKey
        self.allowPrivateAddresses = allowPrivateAddresses
        self.maxRedirects = maxRedirects
        self.truncateBodyAt = truncateBodyAt
    }
}
