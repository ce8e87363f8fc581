/// Finished pages by what answered: the final response's status class (2xx … 5xx), no response at all
/// (a network error, a timeout, a refused address), or no request because robots.txt disallows the URL.
///
/// A 404 is a `done` job (a response was stored), so job states alone hide it: the end-of-crawl summary and
/// `trawl status` show these classes beside the states.
public struct ResponseClasses: Sendable, Equatable {
    /// Pages per status class: 2 for 2xx, …, 5 for 5xx (1 for a stored 1xx, in theory).
    public var byClass: [Int: Int] = [:]
    /// Finished without any HTTP response (failed before one came, or refused without a request).
    public var noResponse = 0
    /// Not fetched because robots.txt disallows them (`pages.error` = `PageRecord.robotsDisallowed`).
    public var robotsBlocked = 0

    public init(byClass: [Int: Int] = [:], noResponse: Int = 0, robotsBlocked: Int = 0) {
        self.byClass = byClass
        self.noResponse = noResponse
        self.robotsBlocked = robotsBlocked
    }

    /// Counts one finished page.
    public mutating func count(status: Int?, error: String?) {
        if let status {
            byClass[status / 100, default: 0] += 1
        } else if error == PageRecord.robotsDisallowed {
            robotsBlocked += 1
        } else {
            noResponse += 1
        }
    }

    public var total: Int { byClass.values.reduce(0, +) + noResponse + robotsBlocked }

    /// ("2xx", n) … in class order, then ("no response", n) and ("blocked by robots.txt", n), zeros left
    /// out except for 2xx, 4xx and 5xx, the three a reader looks for.
    public var labelled: [(label: String, count: Int)] {
        var rows: [(label: String, count: Int)] = []
        for statusClass in Set(byClass.keys).union([2, 4, 5]).sorted() {
            let count = byClass[statusClass] ?? 0
            if count > 0 || [2, 4, 5].contains(statusClass) { rows.append(("\(statusClass)xx", count)) }
        }
        if noResponse > 0 { rows.append(("no response", noResponse)) }
        if robotsBlocked > 0 { rows.append(("blocked by robots.txt", robotsBlocked)) }
        return rows
    }
}

extension PageRecord {
    /// `pages.error` of a page that robots.txt disallows: it was not fetched. The `broken_links` view leaves
    /// these out and the `blocked_links` view lists them.
    public static let robotsDisallowed = "robots.txt"
}
