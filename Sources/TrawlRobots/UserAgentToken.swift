/// The product token of a user-agent: the name a robots.txt group addresses (RFC 9309 §2.2.1).
///
/// RFC 9309 §2.2.1 has crawlers match groups by their product token, "trawl" in
/// `trawl/0.1 (batch web crawler; libcurl)`, never by the whole User-Agent header. The same extraction is
/// applied to robots.txt `user-agent:` values, as Google's reference parser does, so that
/// `User-agent: trawl/1.0` still addresses trawl while `User-agent: trawlbot` does not.
///
/// The RFC allows letters, `_` and `-` in a product token; digits are accepted too because real tokens
/// carry them (`bingbot2`, `AhrefsBot7`), and cutting them off would make distinct crawlers collide.
public enum UserAgentToken {
    /// The leading run of ASCII letters, digits, `-` and `_`, after any leading spaces or tabs:
    /// `"trawl/0.1 (batch web crawler; libcurl)"` → `"trawl"`, `"Mozilla/5.0 (compatible; MyBot/2.1)"` →
    /// `"Mozilla"`. Empty when the string does not start with such a character.
    public static func of(_ userAgent: String) -> String {
        let bytes = Array(userAgent.utf8)
        return String(decoding: token(of: bytes[...]), as: UTF8.self)
    }

    /// Whether `token` is a whole product token (`--robots-agent`): one or more ASCII letters, digits, `-`
    /// and `_` (RFC 9309 §2.2.1, digits added as above).
    public static func isValid(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy(isTokenByte)
    }

    /// The product token within `bytes`, as a slice of it.
    static func token(of bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let start = bytes.firstIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } ?? bytes.endIndex
        let end = bytes[start...].firstIndex { !isTokenByte($0) } ?? bytes.endIndex
        return bytes[start..<end]
    }

    @inline(__always)
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
