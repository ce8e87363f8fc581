import ArgumentParser
import TrawlStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show job counts by state, and per host.",
        discussion: "Works while a crawl is running. Example: trawl status --db crawl.db --hosts 20"
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many hosts to list (those with the most jobs first).")
    var hosts = 20

    func run() async throws {
        try await reportingFailures {
            let store = try database.openStore()
            let status: QueueStatus
            do { status = try await store.status(topHosts: hosts) } catch {
                throw CommandFailure(message: "\(error)", exitCode: .databaseError)
            }
            print("jobs: \(status.total)  queued \(status.queued)  in_progress \(status.inProgress)  "
                  + "done \(status.done)  failed \(status.failed)")
            print("hosts: \(status.hostCount)")
            guard !status.topHosts.isEmpty else { return }
            let width = max(4, status.topHosts.map(\.host.count).max() ?? 4)
            func row(_ host: String, _ columns: [String]) -> String {
                host.padding(width) + columns.map { $0.leftPadding(9) }.joined()
            }
            print(row("HOST", ["QUEUED", "ACTIVE", "DONE", "FAILED"]))
            for host in status.topHosts {
                print(row(host.host, [host.queued, host.inProgress, host.done, host.failed].map(String.init)))
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
