import Logging
import TrawlCrawl

/// Shows a running crawl's progress on standard error until cancelled: on a terminal a status line redrawn
/// in place at most four times a second; otherwise a plain log line every `interval` seconds.
struct ProgressReporter: Sendable {
    enum Mode: Sendable {
        case statusLine
        case logLines(every: Double)
        case off
    }

    let crawler: Crawler
    let console: Console
    let logger: Logger
    let mode: Mode

    /// Redraws of the status line are at least this far apart (seconds).
    static let redrawInterval = 0.25

    func run() async {
        switch mode {
        case .off:
            return
        case .statusLine:
            while !Task.isCancelled {
                console.showStatus(await crawler.progress().statusLine)
                try? await Task.sleep(for: .seconds(Self.redrawInterval))
            }
        case .logLines(let interval):
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                if Task.isCancelled { break }
                let progress = await crawler.progress()
                if let waiting = progress.lockWaitLine {
                    logger.warning("\(waiting)")
                } else {
                    logger.info("\(progress.logLine)")
                }
            }
        }
        console.clearStatus()
    }
}
