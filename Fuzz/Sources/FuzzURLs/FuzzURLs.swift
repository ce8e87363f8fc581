import TrawlURLs

/// Link resolution and normalization (`LinkResolver`, `NormalizedURL`) on arbitrary bytes.
///
/// The first byte picks a page URL, the rest is an href (any bytes, decoded as UTF-8 with repairs, as
/// libxml2 hands hrefs over). Beyond "does not crash", it checks the documented promises:
/// - `LinkResolver` (fast paths included) gives exactly `NormalizedURL.resolving(_:)`'s result;
/// - a resolved link is http(s) and normalizing it again changes nothing (idempotence);
/// - the same holds for the bytes read as a seed URL (`NormalizedURL(parsing:)`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzURLs(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bases = [
        "http://127.0.0.1:8080/a/b/c.html?x=1", "https://example.com/", "http://[::1]/dir/",
        "http://xn--bcher-kva.example/%7Euser/page", "http://host/a?q#f",
    ]
    let base = try! NormalizedURL(parsing: bases[Int(data[0]) % bases.count])
    let href = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)

    let viaCurl = base.resolving(href)
    let viaResolver = LinkResolver(base: base).resolve(href)
    guard viaCurl == viaResolver else {
        fatalError("LinkResolver \(String(describing: viaResolver)) != resolving \(String(describing: viaCurl)) for \(href.debugDescription) on \(base)")
    }
    if let link = viaCurl { checkNormalForm(link, from: href) }
    if let seed = try? NormalizedURL(parsing: href) { checkNormalForm(seed, from: href) }
    return 0
}

private func checkNormalForm(_ url: NormalizedURL, from input: String) {
    guard url.scheme == "http" || url.scheme == "https" else {
        fatalError("scheme \(url.scheme) from \(input.debugDescription)")
    }
    guard let again = try? NormalizedURL(parsing: url.string) else {
        fatalError("\(url.string.debugDescription) (from \(input.debugDescription)) does not parse again")
    }
    guard again == url, again.hostKey == url.hostKey else {
        fatalError("not idempotent: \(url.string.debugDescription) -> \(again.string.debugDescription)")
    }
}
