import ArgumentParser
import TrawlStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the crawled pages as JSON lines or CSV.",
        discussion: """
            Pages are streamed in job id order, a batch at a time, so memory stays constant for any number of \
            pages; it works while a crawl runs (each batch sees the pages committed by then).

            Each page has: job_id, url, state (done or failed), depth, parent_id, attempts, status, final_url, \
            title, content_type, bytes, elapsed_ms, fetched_at, error; with --links also links, the page's link \
            targets. A missing value is null in JSON and an empty field in CSV.

            jsonl: one JSON object per line, UTF-8, with links as an array. csv: RFC 4180, a header row, \
            fields quoted when they hold a comma, a double quote or a line break (quotes doubled), lines ended \
            by CRLF; links in one field, separated by spaces (trawl's URLs never contain a space).

            export only reads: it works on a database this user cannot write, never upgrades or changes it, \
            and leaves no -wal or -shm file behind.

            Exit status: 0 on success, 3 on a database error, 66 when the database does not exist, 74 when the \
            output cannot be written.

            Examples:
              trawl export --db crawl.db > pages.jsonl
              trawl export --db crawl.db --format csv --state done --output pages.csv
              trawl export --db crawl.db --state failed | jq -r '[.url, .error] | @tsv'
              trawl export --db crawl.db --links | jq -r '.links[]' | sort | uniq -c
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, csv
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format: jsonl (JSON lines) or csv (RFC 4180).")
    var format = Format.jsonl

    @Option(help: "Which pages: done (a final response was stored), failed, or all.")
    var state = FinishedSelection.all

    @Flag(help: "Include each page's links.")
    var links = false

    @Option(name: .shortAndLong,
            help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore(.read)
            let file: OutputFile
            do { file = try OutputFile(path: output) } catch {
                throw CommandFailure(message: "\(error)", exitCode: .cannotWriteOutput)
            }
            let writer = PageWriter(format: format, links: links)
            do {
                try file.write(writer.header)
                for try await page in ExportedPages(store: store, selection: state, links: links) {
                    try file.write(writer.record(page))
                }
                try file.flush()
            } catch let failure as OutputFile.Failure {
                throw CommandFailure(message: failure.description, exitCode: .cannotWriteOutput)
            } catch {
                throw CommandFailure(error)
            }
        }
    }
}

extension FinishedSelection: ExpressibleByArgument {}

/// One exported page as a JSON line or a CSV record; the columns are the same, in the same order.
struct PageWriter {
    let format: ExportCommand.Format
    let links: Bool

    static let columns = ["job_id", "url", "state", "depth", "parent_id", "attempts", "status", "final_url", "title",
                          "content_type", "bytes", "elapsed_ms", "fetched_at", "error"]

    /// The CSV header row; nothing for JSON lines.
    var header: String {
        format == .csv ? CSVRow.text(Self.columns + (links ? ["links"] : [])) : ""
    }

    func record(_ page: ExportedPage) -> String {
        switch format {
        case .jsonl:
            var members: [(String, JSONValue)] = [
                ("job_id", .int(Int(page.jobID))), ("url", .string(page.url)), ("state", .string(page.state)),
                ("depth", .int(page.depth)), ("parent_id", .int(page.parentID)), ("attempts", .int(page.attempts)),
                ("status", .int(page.status)), ("final_url", .string(page.finalURL)), ("title", .string(page.title)),
                ("content_type", .string(page.contentType)), ("bytes", .int(page.bytes)),
                ("elapsed_ms", .int(page.elapsedMilliseconds)), ("fetched_at", .string(page.fetchedAt)),
                ("error", .string(page.error)),
            ]
            if links { members.append(("links", .array((page.links ?? []).map { .string($0) }))) }
            return JSONValue.object(members).text + "\n"
        case .csv:
            var fields: [String?] = [
                String(page.jobID), page.url, page.state, String(page.depth), page.parentID.map { String($0) },
                String(page.attempts), page.status.map(String.init), page.finalURL, page.title, page.contentType,
                page.bytes.map(String.init), page.elapsedMilliseconds.map(String.init), page.fetchedAt, page.error,
            ]
            if links { fields.append((page.links ?? []).joined(separator: " ")) }
            return CSVRow.text(fields)
        }
    }
}
