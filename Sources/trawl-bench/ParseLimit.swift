import TrawlParse
import TrawlURLs

/// `trawl-bench parse DIR [--manifest FILE]`: libxml2's parse rate over the corpus, through trawl's own
/// parser, so that a crawl's CPU time per page can be set against the part no crawler of these pages avoids.
///
/// Files are read before the clock starts; the time is the thread's CPU time
/// (`CLOCK_THREAD_CPUTIME_ID`) in `HTMLPageParser.parse` (libxml2's SAX parser: title, base, hrefs), and
/// separately in link resolution (`LinkResolver`: its fast paths and the WHATWG URL parser), which a crawl does for every link too.
struct ParseLimit {
    let directory: String
    let manifestPath: String?
    /// The Content-Type the server sends: its charset takes the same path through the parser as in a crawl.
    let contentType: String

    init(_ arguments: inout BenchArguments) throws(BenchError) {
        directory = try arguments.positional("DIR")
        manifestPath = arguments.option("--manifest")
        contentType = arguments.option("--content-type") ?? "text/html; charset=utf-8"
        try arguments.finish()
    }

    func run() throws(BenchError) {
        var expected: [String: ManifestEntry] = [:]
        if let manifestPath {
            for entry in try Manifest.read(manifestPath) { expected[entry.file] = entry }
        }
        let files = try Platform.files(under: directory).filter { $0.hasSuffix(".html") }
        guard !files.isEmpty else { throw .file(path: directory, reason: "no .html files") }
        let parser = HTMLPageParser()
        let charset = ContentType.charset(of: contentType)

        var parseTime = 0.0, resolveTime = 0.0
        var bytes = 0, hrefs = 0, links = 0, resolvedPages = 0
        var titleMismatches = 0, linkMismatches = 0
        for file in files {
            let body = try Platform.readFile("\(directory)/\(file)")
            bytes += body.count
            let started = Platform.threadCPUTime()
            let parsed = parser.parse(body, declaredCharset: charset)
            let parsedAt = Platform.threadCPUTime()
            parseTime += parsedAt - started
            hrefs += parsed.hrefCount

            guard let entry = expected[file], let url = try? NormalizedURL(parsing: entry.url) else { continue }
            let resolveStarted = Platform.threadCPUTime()
            let page = CorpusPage.resolving(parsed, at: url)
            resolveTime += Platform.threadCPUTime() - resolveStarted
            resolvedPages += 1
            links += page.links.count
            if page.title != entry.title { titleMismatches += 1 }
            if page.links.count != entry.links { linkMismatches += 1 }
        }

        let pages = files.count
        let parseMicros = parseTime / Double(pages) * 1e6
        let resolveMicros = resolvedPages > 0 ? resolveTime / Double(resolvedPages) * 1e6 : 0
        Console.error("""
            parse: \(pages) pages, \(bytes / 1_000_000) MB, \(format(parseMicros)) µs CPU per page in HTMLPageParser \
            (\(format(Double(bytes) / parseTime / 1e6)) MB/s, \(hrefs / pages) hrefs per page)
            """)
        if resolvedPages > 0 {
            Console.error("""
                parse: \(format(resolveMicros)) µs CPU per page resolving links (LinkResolver, \
                \(links / resolvedPages) distinct links per page); titles wrong: \(titleMismatches), \
                link counts wrong: \(linkMismatches) (of \(resolvedPages) pages in the manifest)
                """)
        }
        var json = JSONObject()
        json.add("bench", "parse")
        json.add("pages", pages)
        json.add("bytes", bytes)
        json.add("parse_us_per_page", parseMicros)
        json.add("resolve_us_per_page", resolveMicros)
        json.add("hrefs", hrefs)
        json.add("links", links)
        json.add("checked_pages", resolvedPages)
        json.add("title_mismatches", titleMismatches)
        json.add("link_count_mismatches", linkMismatches)
        Console.line(json.text)
    }
}

/// One decimal.
func format(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    let tenths = (value * 10).rounded() / 10
    return String(tenths)
}
