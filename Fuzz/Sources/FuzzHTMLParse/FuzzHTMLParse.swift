import TrawlParse
import TrawlURLs

/// The HTML parse and charset path: response bytes and a Content-Type in, title and links out, as the
/// crawl does it (`ContentType.charset`, `HTMLPageParser`, `LinkResolver.distinctLinks`).
///
/// The first byte picks a Content-Type (declared charsets of every kind: UTF-8, legacy single-byte,
/// multi-byte, UTF-16, unknown, malformed), the rest is the body. Checks beyond "does not crash": at most
/// `maxLinks` links, `linksTruncated` only when the limit was reached, a title that is trimmed and not
/// blank, a `<base href>` that is trimmed, and resolved links that are distinct.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let contentTypes: [String?] = [
        nil, "text/html", "text/html; charset=utf-8", "text/html; charset=ISO-8859-1",
        "text/html; charset=\"shift_jis\"", "text/html;charset=gb18030", "text/html; charset=utf-16le",
        "text/html; charset=UTF-16", "text/html; charset=iso-2022-jp", "text/html; charset=euc-kr",
        "text/html; charset=koi8-r", "text/html; charset=x-unknown", "text/html; charset=", "text/html; charset",
        "application/xhtml+xml; charset=big5", "text/html; charset=windows-1251; q=1",
    ]
    let contentType = contentTypes[Int(data[0]) % contentTypes.count]
    let maxLinks = data[0] >= 128 ? 4 : 10_000
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)

    _ = ContentType.isHTML(contentType)
    let page = HTMLPageParser(maxLinks: maxLinks).parse(body, declaredCharset: ContentType.charset(of: contentType))
    guard page.hrefCount <= maxLinks, !page.linksTruncated || page.hrefCount == maxLinks else {
        fatalError("\(page.hrefCount) links, truncated \(page.linksTruncated), limit \(maxLinks)")
    }
    if let title = page.title, title.isEmpty || title != trimmed(title) {
        fatalError("title not trimmed: \(title.debugDescription)")
    }
    if let baseHref = page.baseHref, baseHref.isEmpty || baseHref != trimmed(baseHref) {
        fatalError("base href not trimmed: \(baseHref.debugDescription)")
    }
    let pageURL = try! NormalizedURL(parsing: "http://127.0.0.1:8080/dir/page.html")
    let links = LinkResolver.distinctLinks(
        onPage: pageURL, baseHref: page.baseHref, hrefCount: page.hrefCount, hrefs: { page.forEachHref($0) })
    guard Set(links).count == links.count, links.count <= page.hrefCount else {
        fatalError("links not distinct or more links than hrefs: \(links.count) of \(page.hrefCount)")
    }
    return 0
}

/// Without leading and trailing ASCII whitespace (HTML's: space, tab, LF, FF, CR).
private func trimmed(_ text: String) -> String {
    let isSpace: (UInt8) -> Bool = { [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains($0) }
    let bytes = Array(text.utf8)
    guard let start = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
    let end = bytes.lastIndex(where: { !isSpace($0) })!
    return String(decoding: bytes[start...end], as: UTF8.self)
}
