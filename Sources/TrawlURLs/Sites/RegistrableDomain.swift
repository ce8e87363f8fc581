/// The registrable domain of a host name ("eTLD+1"): the part a registrant controls, used by
/// `FollowScope.domain` to keep a crawl on one site.
///
/// Decided by the whole Public Suffix List (`PublicSuffixList`, libpsl), private section included, so
/// `alice.github.io` and `bob.github.io` are two sites, `a.waw.pl` and `b.waw.pl` too, and the wildcard
/// and exception rules hold (`*.ck` with `!www.ck`).
public enum RegistrableDomain {
    /// `www.example.co.uk` → `example.co.uk`, `a.b.example.com` → `example.com`; IP literals
    /// (`127.0.0.1`, `[::1]`), single-label names (`localhost`) and public suffixes themselves (`co.uk`)
    /// are returned as they are. Case and one trailing dot are ignored (`WWW.Example.COM.` → `example.com`).
    public static func of(_ hostname: String) -> String {
        var name = hostname.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
            ? hostname.lowercased() : hostname
        if name.utf8.count > 1, name.utf8.last == UInt8(ascii: ".") { name.removeLast() }
        if isIPLiteral(name) { return name }
        return PublicSuffixList.shared.registrableDomain(of: name) ?? name
    }

    /// An IPv6 literal in brackets, or a dotted IPv4 address (the URL parser has already rewritten other
    /// IPv4 spellings to dotted decimal).
    private static func isIPLiteral(_ name: String) -> Bool {
        if name.utf8.first == UInt8(ascii: "[") { return true }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            && name.utf8.last != UInt8(ascii: ".")
    }
}
