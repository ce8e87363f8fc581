/// One page of the generator's manifest (bench/gen_site.py): its URL, its file under the site directory,
/// its title and its number of distinct link targets.
struct ManifestEntry {
    let url: String
    let file: String
    let title: String
    let links: Int
}

/// bench/work/manifest.tsv: a header line, then `url \t file \t title \t links \t same_host_links \t bytes`.
enum Manifest {
    static func read(_ path: String) throws(BenchError) -> [ManifestEntry] {
        let bytes = try Platform.readFile(path)
        var entries: [ManifestEntry] = []
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            number += 1
            if number == 1 { continue }  // header
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard fields.count >= 4, let links = Int(fields[3]) else {
                throw .manifest(path: path, line: number, reason: "expected url, file, title, links")
            }
            entries.append(ManifestEntry(url: fields[0], file: fields[1], title: fields[2], links: links))
        }
        guard !entries.isEmpty else { throw .manifest(path: path, line: number, reason: "no pages") }
        return entries
    }

    /// The site directory next to a manifest: bench/work/manifest.tsv → bench/work/site.
    static func siteDirectory(besides manifest: String) -> String {
        guard let slash = manifest.lastIndex(of: "/") else { return "site" }
        return String(manifest[..<slash]) + "/site"
    }
}
