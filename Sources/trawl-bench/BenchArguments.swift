/// The command line, parsed by hand: this target has no argument-parser dependency.
///
/// `trawl-bench SUBCOMMAND [POSITIONAL ...] [--name value | --name=value | --flag ...]`. Each subcommand takes
/// its options with `option(_:)` / `flag(_:)` and then calls `finish()`, which rejects anything left over.
struct BenchArguments {
    static let usage = """
        usage: trawl-bench parse DIR [--manifest FILE] [--content-type TYPE]
               trawl-bench sqlite --manifest FILE [--site DIR] [--db PATH] [--batch N] [--cache-mb M]

          parse   Parses every .html file under DIR with trawl's HTMLPageParser (libxml2's SAX parser:
                  title, <base href> and links) and prints the CPU time per page. With --manifest (the
                  generator's manifest.tsv: url, file, title, links), also resolves each page's links
                  against its URL as a crawl does (LinkResolver) and checks titles and link counts.
          sqlite  Parses the corpus of the manifest (untimed), then writes the rows a crawl of it writes
                  (claims, jobs, pages, links) into a new trawl database at PATH, in transactions of N pages
                  (256), with raw prepared statements and a page cache of M MB (64): once leaving every
                  duplicate URL to the database's unique indexes, once with known URLs kept out of it by
                  in-memory sets. Prints the time per page of each.

        Each prints a summary on stderr and one JSON object on stdout.
        """

    let subcommand: String
    private var positional: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String]) throws(BenchError) {
        guard let first = arguments.first else { throw .usage("a subcommand is required") }
        subcommand = first
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else {
                positional.append(argument)
                continue
            }
            if let equals = argument.firstIndex(of: "=") {
                options[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
            } else if let next = rest.first, !next.hasPrefix("--") {
                options[argument] = next
                rest = rest.dropFirst()
            } else {
                flags.insert(argument)
            }
        }
    }

    mutating func positional(_ name: String) throws(BenchError) -> String {
        guard !positional.isEmpty else { throw .usage("\(subcommand): \(name) is required") }
        return positional.removeFirst()
    }

    mutating func option(_ name: String) -> String? {
        options.removeValue(forKey: name)
    }

    mutating func intOption(_ name: String, default value: Int) throws(BenchError) -> Int {
        guard let text = option(name) else { return value }
        guard let number = Int(text), number > 0 else {
            throw .usage("\(subcommand): \(name) needs a positive integer, not '\(text)'")
        }
        return number
    }

    mutating func flag(_ name: String) -> Bool {
        flags.remove(name) != nil
    }

    /// Fails on arguments no one asked for.
    func finish() throws(BenchError) {
        if let extra = positional.first { throw .usage("\(subcommand): unexpected argument '\(extra)'") }
        if let extra = (Array(options.keys) + Array(flags)).sorted().first {
            throw .usage("\(subcommand): unknown option '\(extra)'")
        }
    }
}

/// What can go wrong, with what and where.
enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case file(path: String, reason: String)
    case manifest(path: String, line: Int, reason: String)
    case database(path: String, reason: String)

    var description: String {
        switch self {
        case .usage(let message): message
        case .file(let path, let reason): "\(path): \(reason)"
        case .manifest(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .database(let path, let reason): "\(path): \(reason)"
        }
    }

    var exitCode: Int32 {
        if case .usage = self { return 64 }
        return 1
    }
}
