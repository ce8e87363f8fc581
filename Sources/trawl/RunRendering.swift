import TrawlStore

/// The crawl_runs rows that `trawl status` shows.
enum RunRendering {
    static func text(_ runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "runs: none yet" }
        var lines = ["runs (latest first):"]
        for run in runs {
            var line = "  #\(run.id) \(run.startedAt) → \(run.endedAt ?? "(running, or killed)")"
            if let pages = run.pages { line += ", \(pages) pages" }
            if let ending = run.ending { line += ", \(ending)" }
            if let changed = run.changed { line += "; changed \(changed)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ runs: [RunRecord]) -> JSONValue {
        .array(runs.map { run in
            .object([
                ("id", .int(run.id)), ("started_at", .string(run.startedAt)), ("ended_at", .string(run.endedAt)),
                ("pages", .int(run.pages)), ("ending", .string(run.ending)), ("changed", .string(run.changed)),
            ])
        })
    }
}

/// `trawl status --in-flight`.
enum InFlightRendering {
    static func text(_ jobs: [InFlightJob]) -> String {
        guard !jobs.isEmpty else { return "in flight: none" }
        var lines = ["in flight: \(jobs.count) \(jobs.count == 1 ? "job" : "jobs") (longest first)"]
        lines.append("SECONDS".leftPadding(9) + "  " + "PID".leftPadding(7) + "  URL")
        for job in jobs {
            lines.append(ProgressText.decimal(job.seconds).leftPadding(9) + "  "
                         + (job.pid.map(String.init) ?? "-").leftPadding(7) + "  " + job.url)
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ jobs: [InFlightJob]) -> JSONValue {
        .array(jobs.map { job in
            .object([("url", .string(job.url)), ("host", .string(job.host)), ("pid", .int(job.pid)),
                     ("since", .string(job.since)), ("seconds", .double(job.seconds))])
        })
    }
}
