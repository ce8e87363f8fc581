import Testing
import TrawlRobots

/// Product tokens of User-Agent strings (RFC 9309 §2.2.1, RFC 9110 §10.1.5).
@Suite struct RobotsUserAgentTokenTests {
    @Test(arguments: [
        ("trawl/0.1 (batch web crawler; libcurl)", "trawl"),
        ("Mozilla/5.0 (compatible; MyBot/2.1)", "Mozilla"),
        ("trawl", "trawl"), ("Googlebot-Image/1.0", "Googlebot-Image"), ("my_bot v2", "my_bot"),
        ("bingbot2/1", "bingbot2"), ("  trawl/1", "trawl"), ("\ttrawl", "trawl"), ("TRAWL", "TRAWL"),
        ("", ""), ("/1.0", ""), ("(compatible)", ""), ("*", ""), ("tràwl", "tr"), ("a.b", "a"),
    ])
    func productToken(userAgent: String, token: String) {
        #expect(UserAgentToken.of(userAgent) == token)
    }
}
