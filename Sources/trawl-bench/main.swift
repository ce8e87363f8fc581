// trawl-bench: measures the machine's limits on the benchmark corpus (bench/run.sh), so that a crawl's
// figures can be read against them: how fast libxml2 parses these pages (with trawl's HTMLPageParser) and how
// fast SQLite stores the rows a crawl of them writes. Exit status: 0 on success, 1 on failure, 64 for bad
// arguments.
internal import Glibc

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    var command = try BenchArguments(arguments)
    switch command.subcommand {
    case "parse":
        try ParseLimit(&command).run()
    case "sqlite":
        try await SQLiteLimit(&command).run()
    case "help", "-h", "--help":
        Console.line(BenchArguments.usage)
    default:
        throw BenchError.usage("unknown subcommand '\(command.subcommand)'")
    }
} catch let error as BenchError {
    Console.error("trawl-bench: \(error)")
    if case .usage = error { Console.error(BenchArguments.usage) }
    exit(error.exitCode)
} catch {
    Console.error("trawl-bench: \(error)")
    exit(1)
}
