/// Keeps user names and passwords out of what trawl stores and prints. RFC 3986 §3.2.1 deprecates
/// `user:password@` in URLs ("a password in clear text has proven to be a security risk in almost every
/// case"); trawl drops it from every URL it stores (see `NormalizedURL`) and masks it in messages.
public enum URLUserinfo {
    /// `text` with the userinfo of its authority replaced by `replacement`: "http://alice:s3cret@a.test/"
    /// → "http://a.test/" (replacement "") or "http://***@a.test/" (replacement "***@"). Text without an
    /// authority or a userinfo comes back unchanged.
    public static func replacing(in text: String, with replacement: String = "") -> String {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return text }
        let authorityStart = text.index(colon, offsetBy: 3)
        let authority = text[authorityStart...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return text }
        return String(text[..<authorityStart]) + replacement + String(text[text.index(after: at)...])
    }

    /// For messages: the userinfo shown as `***@`, never its text.
    public static func masked(_ text: String) -> String { replacing(in: text, with: "***@") }

    /// For stored URLs that did not go through `NormalizedURL` (curl's effective URL after redirects).
    public static func stripped(_ text: String) -> String { replacing(in: text) }
}
