/// Which element a link came from. The raw values are bits, so that one integer can say every kind
/// by which a page links one target (`page_links.kinds` in schema.sql documents the same values).
public enum LinkKind: UInt8, Sendable, CaseIterable {
    /// `<a href>`
    case anchor = 1
    /// `<area href>` of an image map
    case area = 2
    /// `<frame src>`
    case frame = 4
    /// `<iframe src>`
    case iframe = 8
    /// The URL of `<meta http-equiv="refresh" content="0; url=…">` (HTML §4.2.5.3): a redirect in markup.
    case refresh = 16
    /// `<link rel="canonical" href>`: the URL the page names as its preferred one.
    case canonical = 32

    /// The name used in documentation and exports.
    public var name: String {
        switch self {
        case .anchor: "a"
        case .area: "area"
        case .frame: "frame"
        case .iframe: "iframe"
        case .refresh: "refresh"
        case .canonical: "canonical"
        }
    }
}
