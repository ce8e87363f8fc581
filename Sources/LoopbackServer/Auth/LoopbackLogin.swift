/// HTTP authentication in front of a test handler, to test a client's logins against a real challenge:
/// Basic (RFC 7617) or Digest (RFC 7616, MD5, qop=auth).
///
/// A request without valid credentials gets 401 with the scheme's `WWW-Authenticate` challenge; one with
/// them reaches the handler. Every `Authorization` header still shows in the server's request log, so tests
/// can check where credentials went.
///
/// ```swift
/// let login = LoopbackLogin(.digest, user: "alice", password: "s3cret")
/// let server = try LoopbackHTTPServer(address: "127.0.0.2", handler: login.protecting(Routes.site(pages)))
/// ```
public struct LoopbackLogin: Sendable {
    public enum Scheme: Sendable {
        case basic
        case digest
    }

    public let scheme: Scheme
    public let user: String
    public let password: String
    public let realm: String
    /// The Digest nonce: one per login, random, so that a response cannot come from an earlier test.
    public let nonce: String

    public init(_ scheme: Scheme, user: String, password: String, realm: String = "trawl-test") {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.realm = realm
        self.nonce = MD5.hex("\(UInt64.random(in: 0...UInt64.max))")
    }

    /// `handler` behind this login.
    public func protecting(
        _ handler: @escaping @Sendable (ServerRequest) -> ServerResponse
    ) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in verifies(request) ? handler(request) : challenge }
    }

    /// 401 with the challenge (`WWW-Authenticate`).
    public var challenge: ServerResponse {
        let value = switch scheme {
        case .basic: "Basic realm=\"\(realm)\""
        case .digest: "Digest realm=\"\(realm)\", qop=\"auth\", algorithm=MD5, nonce=\"\(nonce)\""
        }
        return ServerResponse.html("<title>401</title>", status: 401).adding(header: "WWW-Authenticate", value)
    }

    /// Whether the request's `Authorization` header holds this login's credentials.
    public func verifies(_ request: ServerRequest) -> Bool {
        guard let authorization = request.header("authorization") else { return false }
        switch scheme {
        case .basic:
            return authorization == "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
        case .digest:
            guard authorization.hasPrefix("Digest ") else { return false }
            let fields = Self.parameters(authorization.dropFirst("Digest ".count))
            guard fields["username"] == user, fields["realm"] == realm, fields["nonce"] == nonce,
                  fields["qop"] == "auth", let uri = fields["uri"], uri == request.path,
                  let count = fields["nc"], let clientNonce = fields["cnonce"], let response = fields["response"]
            else { return false }
            // RFC 7616 §3.4.1: response = H(H(user:realm:password):nonce:nc:cnonce:qop:H(method:uri)).
            let secret = MD5.hex("\(user):\(realm):\(password)")
            let target = MD5.hex("\(request.method):\(uri)")
            return response == MD5.hex("\(secret):\(nonce):\(count):\(clientNonce):auth:\(target)")
        }
    }

    /// MD5 as the Digest check computes it, 32 hex digits (exposed for the server's own tests).
    public static func md5Hex(_ text: String) -> String { MD5.hex(text) }

    /// `name=value, name="quoted value"` pairs (RFC 9110 §11.2 auth-params), names lower-cased.
    static func parameters(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        var rest = text[...]
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { return fields }
            let name = rest[..<equals].trimmingCharacters(" ").lowercased()
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = rest[..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            fields[name] = String(value).trimmingCharacters(" ")
        }
    }
}

/// Base64 (RFC 4648 §4), for the Basic credentials the server expects.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = Array(bytes[start..<min(start + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for index in 0..<4 {
                text.append(index <= chunk.count ? alphabet[(value >> (18 - 6 * index)) & 0x3F] : "=")
            }
        }
        return text
    }
}

private extension StringProtocol {
    func trimmingCharacters(_ character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
