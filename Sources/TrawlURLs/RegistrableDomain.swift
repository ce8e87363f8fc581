/// The registrable domain of a host name ("eTLD+1"): the part a registrant controls, used by
/// `FollowScope.domain` to keep a crawl on one site.
///
/// The rule set is a small built-in subset of the Public Suffix List (https://publicsuffix.org), not the
/// whole list: the common multi-label public suffixes (country second levels such as `co.uk`, `com.au`,
/// `co.jp`) and hosting platforms whose subdomains belong to different owners (`github.io`,
/// `blogspot.com`, `herokuapp.com` ...). Every other name counts its last label as the public suffix,
/// so the registrable domain is the last two labels. Consequence of the subset: under a multi-label suffix
/// that is not listed (e.g. `com.pl`), all sites share one "domain". Chosen over shipping the full
/// list: no data file to keep current, and a crawl seeded on a listed suffix behaves as expected.
public enum RegistrableDomain {
    /// Public suffixes of more than one label, lower case. Matched longest first.
    static let multiLabelSuffixes: Set<String> = [
        // United Kingdom
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "net.uk", "ltd.uk", "plc.uk", "nhs.uk", "sch.uk",
        // Australia, New Zealand
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.nz", "org.nz", "net.nz", "govt.nz", "ac.nz",
        // Japan, Korea, China, Hong Kong, Taiwan, Singapore, India
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "co.kr", "or.kr", "com.cn", "net.cn", "org.cn", "gov.cn",
        "edu.cn", "com.hk", "com.tw", "com.sg", "co.in", "net.in", "org.in", "gov.in", "ac.in",
        // Americas, Africa, Middle East, Europe
        "com.br", "net.br", "org.br", "gov.br", "com.mx", "com.ar", "co.za", "org.za", "gov.za", "co.il",
        "org.il", "com.tr", "com.ua", "com.pl",
        // Hosting platforms: every subdomain is a separate site
        "github.io", "gitlab.io", "blogspot.com", "herokuapp.com", "appspot.com", "netlify.app",
        "vercel.app", "pages.dev", "workers.dev", "web.app", "firebaseapp.com", "azurewebsites.net",
        "cloudfront.net", "s3.amazonaws.com", "readthedocs.io", "wordpress.com", "neocities.org",
    ]

    /// `www.example.co.uk` → `example.co.uk`, `a.b.example.com` → `example.com`; IP literals
    /// (`127.0.0.1`, `[::1]`), single-label names (`localhost`) and public suffixes themselves (`co.uk`)
    /// are returned as they are. Case and one trailing dot are ignored (`WWW.Example.COM.` → `example.com`).
    public static func of(_ hostname: String) -> String {
        var name = hostname.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
            ? hostname.lowercased() : hostname
        if name.utf8.count > 1, name.utf8.last == UInt8(ascii: ".") { name.removeLast() }
        if isIPLiteral(name) { return name }

        // Start offsets of the last four labels, right to left: at most a 3-label suffix plus one label.
        var labelStarts: [String.Index] = []
        labelStarts.reserveCapacity(4)
        var index = name.utf8.endIndex
        while index > name.utf8.startIndex, labelStarts.count < 4 {
            let previous = name.utf8.index(before: index)
            if name.utf8[previous] == UInt8(ascii: ".") { labelStarts.append(index) }
            index = previous
        }
        if labelStarts.count < 4 { labelStarts.append(name.startIndex) }
        // labelStarts[i] is where the last i + 1 labels begin.
        guard labelStarts.count >= 2 else { return name }
        for suffixLabels in stride(from: min(3, labelStarts.count - 1), through: 2, by: -1)
        where multiLabelSuffixes.contains(String(name[labelStarts[suffixLabels - 1]...])) {
            return String(name[labelStarts[suffixLabels]...])
        }
        return String(name[labelStarts[1]...])
    }

    /// An IPv6 literal in brackets, or a dotted IPv4 address (curl has already rewritten other IPv4
    /// spellings to dotted decimal).
    private static func isIPLiteral(_ name: String) -> Bool {
        if name.utf8.first == UInt8(ascii: "[") { return true }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            && name.utf8.last != UInt8(ascii: ".")
    }
}
