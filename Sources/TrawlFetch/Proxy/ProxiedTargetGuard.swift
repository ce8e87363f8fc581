internal import CCurl

/// The private-address guard for requests that go through a proxy, which can only judge the target's name.
///
/// Without a proxy, trawl checks the address curl is about to connect to (CURLOPT_OPENSOCKETFUNCTION, see
/// `Transfer.openSocketCallback`): after DNS, for every connection, redirects included. Through a proxy that
/// address is the proxy's — chosen by the user, and allowed whatever it is — and the target's address is
/// looked up by the proxy (or, for socks5://, by curl, out of trawl's sight). So trawl checks what the URL
/// says, before the request is sent (and again before each redirect's request, CURLOPT_PREREQFUNCTION):
///
/// - an IP literal is refused if it is loopback, private, carrier-grade NAT, link-local or unspecified
///   (the same ranges as without a proxy, `trawl_ip_literal_is_private`);
/// - `localhost` and names under `.localhost` are refused (RFC 6761 §6.3: they mean loopback);
/// - any other name is NOT resolved by trawl: resolving it locally would send the DNS queries that a
///   socks5h:// proxy is there to keep off this machine, and could give another address than the proxy's
///   resolver does. A name that the proxy resolves to a private address is therefore reached: guarding the
///   proxy's own network is the proxy's job (tinyproxy `Filter`, squid `http_access deny to_localhost`).
///
/// Through a proxy, a redirect's target is checked before its request is sent; for an https:// target the
/// proxy has then already opened the tunnel (CONNECT) to it.
enum ProxiedTargetGuard {
    /// Why a request to `host` (a URL's host: a name, dotted IPv4, or IPv6 in brackets) is refused through a
    /// proxy, or nil when it may go.
    static func refusal(host: String) -> String? {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return "is a loopback name" }
        if trawl_ip_literal_is_private(name) == 1 { return "is a private address" }
        return nil
    }

    /// The message stored for a refused request, in the form of the direct guard's ("refused: …").
    static func message(hostKey: String, reason: String) -> String {
        "refused: \(hostKey) \(reason) (checked by name: through a proxy trawl cannot see the address; "
            + "pass --allow-private to crawl it)"
    }
}
