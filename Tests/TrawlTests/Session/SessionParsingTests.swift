import Foundation
import LoopbackServer
import Testing
@testable import TrawlFetch

@Suite("Session: --header and cookie-file checks")
struct SessionParsingTests {
    @Test("headers are read as sent: name, value trimmed", arguments: [
        ("X-Run: 7", "X-Run", "7"),
        ("Accept-Language:en", "Accept-Language", "en"),
        ("From:   ops@example.org \t", "From", "ops@example.org"),
        ("Accept:", "Accept", ""),
        ("X-Weird!#$%&'*+-.^_`|~: a:b", "X-Weird!#$%&'*+-.^_`|~", "a:b"),
    ])
    func accepted(line: String, name: String, value: String) throws {
        let header = try RequestHeader(parsing: line)
        #expect(header.name == name && header.value == value)
        #expect(try RequestHeader(parsing: header.description) == header, "saved text reads back the same")
    }

    @Test("headers trawl or curl must control, and malformed ones, are refused naming the flag and the value",
          arguments: [
              ("Host: evil.example", "is refused: trawl sends Host from each URL"),
              ("content-length: 5", "is refused: trawl sends no request body"),
              ("Transfer-Encoding: chunked", "is refused"),
              ("Connection: close", "--force-close"),
              ("Keep-Alive: 5", "is refused"), ("Upgrade: h2c", "is refused"), ("TE: trailers", "is refused"),
              ("Accept-Encoding: br", "decodes them itself"),
              ("Proxy-Authorization: Basic eA==", "--proxy"), ("proxy-connection: x", "--proxy"),
              ("User-Agent: x", "--user-agent"), ("Cookie: a=b", "--cookies"),
              ("Authorization: Bearer t", "--auth HOST=USER:PASSWORD"),
              ("NoColonHere", "has no colon"), (": value", "no valid header name"),
              ("Bad Name: x", "no valid header name"), ("X-A\r\nHost: evil: 1", "no valid header name"),
              ("X-A: 1\r\nHost: evil", "control character"), ("X-A: 1\nX-B: 2", "control character"),
              ("X-A: \u{0}", "control character"),
          ])
    func refused(line: String, message: String) {
        #expect {
            try RequestHeader(parsing: line)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("--header '") && text.contains(message) && !text.contains("\r") && !text.contains("\n")
        }
    }

    @Test("cookie-file lines are checked field by field, naming the line", arguments: [
        ("example.org\tTRUE\t/\tFALSE\t0\tname\tvalue", nil),
        ("#HttpOnly_.example.org\tTRUE\t/app\ttrue\t2000000000\tsid\tx", nil),
        ("example.org\tFALSE\t/\tFALSE\t0\tempty", nil),
        ("example.org TRUE / FALSE 0 name value", "1 tab-separated field"),
        ("example.org\tyes\t/\tFALSE\t0\tname\tvalue", "field 2 is 'yes'"),
        ("example.org\tTRUE\t/\tFALSE\tsoon\tname\tvalue", "the expiry (field 5) 'soon'"),
        ("example.org\tTRUE\tpath\tFALSE\t0\tname\tvalue", "does not start with /"),
        ("\tTRUE\t/\tFALSE\t0\tname\tvalue", "the domain (field 1) is empty"),
    ] as [(String, String?)])
    func cookieLines(line: String, problem: String?) {
        let found = CookieFile.problem(in: line)
        if let problem { #expect(found?.contains(problem) == true, "\(found ?? "nil")") } else { #expect(found == nil) }
    }

    @Test("a cookie file: comments and blank lines skipped, CRLF accepted, a bad line named by number")
    func cookieFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = directory.file("good.txt")
        try "# Netscape HTTP Cookie File\r\n\r\nexample.org\tFALSE\t/\tFALSE\t0\ta\t1\r\n#HttpOnly_example.org\tFALSE\t/\tFALSE\t0\tb\t2\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try CookieFile.read(good) == ["example.org\tFALSE\t/\tFALSE\t0\ta\t1",
                                             "#HttpOnly_example.org\tFALSE\t/\tFALSE\t0\tb\t2"])
        let bad = directory.file("bad.txt")
        try "# comment\nexample.org\tFALSE\t/\tFALSE\t0\ta\t1\nSet-Cookie: x=1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: CookieFileError.malformed(bad, line: 3, reason: "1 tab-separated field, expected 7 (domain, "
                                                  + "subdomains, path, secure, expiry, name, value)")) {
            try CookieFile.read(bad)
        }
        #expect(throws: CookieFileError.unreadable(directory.file("none.txt"), reason: "No such file or directory")) {
            try CookieFile.read(directory.file("none.txt"))
        }
    }

    @Test("credentials curl puts into a redirected URL are removed before trawl sees it", arguments: [
        ("http://alice:s3cret@127.0.0.2:8080/landing", "http://127.0.0.2:8080/landing"),
        ("https://alice@example.org/a?b=c@d#e@f", "https://example.org/a?b=c@d#e@f"),
        ("http://a:b@c:d@example.org", "http://example.org"),
        ("http://example.org/path@x", "http://example.org/path@x"),
        ("http://example.org?q=@", "http://example.org?q=@"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
    ])
    func userinfoRemoved(url: String, expected: String) {
        #expect(URLWithoutUserinfo.of(url) == expected)
    }

    @Test("the test server's MD5 matches RFC 1321's test suite", arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"), ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func md5(text: String, hex: String) {
        #expect(LoopbackLogin.md5Hex(text) == hex)
    }
}
