import Testing
import TrawlURLs

/// `RegistrableDomain.of(_:)` against the whole Public Suffix List (libpsl), with the list's own published
/// examples (publicsuffix/list `tests/test_psl.txt`, public domain; Debian ships it as
/// /usr/share/doc/publicsuffix/examples/test_psl.txt): `checkPublicSuffix(host, registrable)`, where a
/// null registrable domain means the host is itself a public suffix, for which trawl keeps the whole name
/// (each such host is a site of its own).
@Suite struct URLPublicSuffixTests {
    @Test(arguments: [
        // Mixed case.
        ("COM", nil),
        ("example.COM", "example.com"),
        ("WwW.example.COM", "example.com"),
        // Leading dot.
        (".com", nil),
        (".example", nil),
        (".example.com", nil),
        (".example.example", nil),
        // Unlisted TLD.
        ("example", nil),
        ("example.example", "example.example"),
        ("b.example.example", "example.example"),
        ("a.b.example.example", "example.example"),
        // Listed, but non-Internet, TLD.
        // TLD with only 1 rule.
        ("biz", nil),
        ("domain.biz", "domain.biz"),
        ("b.domain.biz", "domain.biz"),
        ("a.b.domain.biz", "domain.biz"),
        // TLD with some 2-level rules.
        ("com", nil),
        ("example.com", "example.com"),
        ("b.example.com", "example.com"),
        ("a.b.example.com", "example.com"),
        ("uk.com", nil),
        ("example.uk.com", "example.uk.com"),
        ("b.example.uk.com", "example.uk.com"),
        ("a.b.example.uk.com", "example.uk.com"),
        ("test.ac", "test.ac"),
        // TLD with only 1 (wildcard) rule.
        ("mm", nil),
        ("c.mm", nil),
        ("b.c.mm", "b.c.mm"),
        ("a.b.c.mm", "b.c.mm"),
        // More complex TLD.
        ("jp", nil),
        ("test.jp", "test.jp"),
        ("www.test.jp", "test.jp"),
        ("ac.jp", nil),
        ("test.ac.jp", "test.ac.jp"),
        ("www.test.ac.jp", "test.ac.jp"),
        ("kyoto.jp", nil),
        ("test.kyoto.jp", "test.kyoto.jp"),
        ("ide.kyoto.jp", nil),
        ("b.ide.kyoto.jp", "b.ide.kyoto.jp"),
        ("a.b.ide.kyoto.jp", "b.ide.kyoto.jp"),
        ("c.kobe.jp", nil),
        ("b.c.kobe.jp", "b.c.kobe.jp"),
        ("a.b.c.kobe.jp", "b.c.kobe.jp"),
        ("city.kobe.jp", "city.kobe.jp"),
        ("www.city.kobe.jp", "city.kobe.jp"),
        // TLD with a wildcard rule and exceptions.
        ("ck", nil),
        ("test.ck", nil),
        ("b.test.ck", "b.test.ck"),
        ("a.b.test.ck", "b.test.ck"),
        ("www.ck", "www.ck"),
        ("www.www.ck", "www.ck"),
        // US K12.
        ("us", nil),
        ("test.us", "test.us"),
        ("www.test.us", "test.us"),
        ("ak.us", nil),
        ("test.ak.us", "test.ak.us"),
        ("www.test.ak.us", "test.ak.us"),
        ("k12.ak.us", nil),
        ("test.k12.ak.us", "test.k12.ak.us"),
        ("www.test.k12.ak.us", "test.k12.ak.us"),
        // IDN labels.
        ("食狮.com.cn", "食狮.com.cn"),
        ("食狮.公司.cn", "食狮.公司.cn"),
        ("www.食狮.公司.cn", "食狮.公司.cn"),
        ("shishi.公司.cn", "shishi.公司.cn"),
        ("公司.cn", nil),
        ("食狮.中国", "食狮.中国"),
        ("www.食狮.中国", "食狮.中国"),
        ("shishi.中国", "shishi.中国"),
        ("中国", nil),
        // Same as above, but punycoded.
        ("xn--85x722f.com.cn", "xn--85x722f.com.cn"),
        ("xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"),
        ("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"),
        ("shishi.xn--55qx5d.cn", "shishi.xn--55qx5d.cn"),
        ("xn--55qx5d.cn", nil),
        ("xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s"),
        ("www.xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s"),
        ("shishi.xn--fiqs8s", "shishi.xn--fiqs8s"),
        ("xn--fiqs8s", nil),
    ] as [(String, String?)])
    func publishedExamples(host: String, registrable: String?) {
        #expect(RegistrableDomain.of(host) == registrable ?? host.lowercased())
    }

    /// Suffixes the old built-in subset did not know: under each, two registrants are two sites.
    @Test(arguments: [
        ("a.waw.pl", "a.waw.pl"),
        ("www.a.waw.pl", "a.waw.pl"),
        ("shop.example.ltd.co.im", "example.ltd.co.im"),
        ("www.example.co.uk", "example.co.uk"),
        ("a.b.example.github.io", "example.github.io"),
        ("bucket.s3-eu-west-1.amazonaws.com", "bucket.s3-eu-west-1.amazonaws.com"),
        ("x.bucket.s3.dualstack.eu-west-1.amazonaws.com", "bucket.s3.dualstack.eu-west-1.amazonaws.com"),
        ("x.my-app.herokuapp.com", "my-app.herokuapp.com"),
        ("b.test.ck", "b.test.ck"),
        ("www.www.ck", "www.ck"),
    ])
    func suffixesBeyondTheOldSubset(host: String, registrable: String) {
        #expect(RegistrableDomain.of(host) == registrable)
    }

    @Test(arguments: [
        ("http://a.waw.pl/", "http://b.waw.pl/", false),
        ("http://www.a.waw.pl/", "http://a.waw.pl/x", true),
        ("http://one.ltd.co.im/", "http://two.ltd.co.im/", false),
        ("https://alice.github.io/", "https://bob.github.io/", false),
        ("http://www.xn--85x722f.xn--fiqs8s/", "http://xn--85x722f.xn--fiqs8s/", true),
        ("http://www.食狮.中国/", "http://shishi.中国/", false),
    ])
    func followDomainUsesTheList(link: String, page: String, allowed: Bool) throws {
        #expect(FollowScope.domain.allows(try NormalizedURL(parsing: link), from: try NormalizedURL(parsing: page)) == allowed)
    }
}
