internal import CCurl

/// A user name and password for one host (`--auth HOST=USER:PASSWORD`). Never saved, never printed:
/// `description` shows the user only.
public struct Credential: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "\(user):***" }
}

/// Where curl reads a .netrc from (`--netrc`: curl's default, `$HOME/.netrc`; `--netrc-file FILE`).
public enum NetrcSource: Sendable, Equatable {
    case home
    case file(String)
}

/// The logins of a crawl run, for HTTP Basic and Digest authentication: credentials per host, and a .netrc.
/// Given on each run and never saved: a crawl's definition holds no secret.
///
/// **Sent only to the named host.** A request gets CURLOPT_USERNAME / CURLOPT_PASSWORD only when its host key
/// (`example.org`, `127.0.0.2:8443`: the host as trawl stores it) is the credential's. curl then sends them on
/// redirects to the same host, port and scheme only: CURLOPT_UNRESTRICTED_AUTH stays 0, and libcurl 7.88
/// compares the redirect's host, port and protocol with the first request's (`Curl_auth_allowed_to_host`).
/// A .netrc entry is looked up by curl for each connection's own host name, so it too reaches only its host.
///
/// **Basic and Digest, asked for by the server** (CURLOPT_HTTPAUTH = CURLAUTH_BASIC | CURLAUTH_DIGEST): with
/// more than one method allowed, curl first sends the request without credentials and answers the server's
/// 401 challenge with the strongest method it offers (Digest over Basic). So a password goes only to a server
/// that asks for it, never in clear Basic to one that would take Digest, at the cost of one 401 exchange per
/// authenticated request, until the host's server is seen to offer Basic only: from then on Basic is sent
/// at once to that host (`RequestSession`), as browsers do. NTLM and Negotiate are not offered (CURLAUTH_ANY
/// would).
public struct Logins: Sendable, Equatable, CustomStringConvertible {
    /// Credentials by host key.
    public var byHost: [String: Credential] = [:]
    /// A .netrc to read, or nil for none (curl's CURL_NETRC_OPTIONAL: credentials given here win).
    public var netrc: NetrcSource?

    public init(byHost: [String: Credential] = [:], netrc: NetrcSource? = nil) {
        self.byHost = byHost
        self.netrc = netrc
    }

    public var isEmpty: Bool { byHost.isEmpty && netrc == nil }

    /// What a run says it uses, without a secret: `credentials for 2 hosts, --netrc-file /home/a/.netrc`.
    public var description: String {
        var parts: [String] = []
        if !byHost.isEmpty { parts.append("credentials for \(byHost.count) host\(byHost.count == 1 ? "" : "s")") }
        switch netrc {
        case .home?: parts.append("--netrc")
        case .file(let path)?: parts.append("--netrc-file \(path)")
        case nil: break
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// CURLAUTH_BASIC, CURLAUTH_DIGEST (curl.h defines them as `unsigned long` shifts, which Swift does not
    /// import).
    static let basic = 1 << 0
    static let digest = 1 << 1

    /// Sets the request's authentication options on a freshly reset handle. `basicOnly`: the host's server
    /// offered only Basic before, so it is sent without waiting for the challenge.
    func configure(_ easy: CurlEasy, for request: FetchRequest, basicOnly: Bool) {
        guard !isEmpty else { return }
        easy.set(CURLOPT_HTTPAUTH, basicOnly ? Self.basic : Self.basic | Self.digest)
        easy.set(CURLOPT_UNRESTRICTED_AUTH, false)
        switch netrc {
        case .home?:
            easy.set(CURLOPT_NETRC, Int(CURL_NETRC_OPTIONAL.rawValue))
        case .file(let path)?:
            easy.set(CURLOPT_NETRC, Int(CURL_NETRC_OPTIONAL.rawValue))
            easy.set(CURLOPT_NETRC_FILE, path)
        case nil:
            break
        }
        if let credential = byHost[request.hostKey] {
            easy.set(CURLOPT_USERNAME, credential.user)
            easy.set(CURLOPT_PASSWORD, credential.password)
        }
    }
}
