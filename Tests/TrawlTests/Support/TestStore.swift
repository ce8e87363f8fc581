import Foundation
@testable import TrawlStore

/// A real SQLite trawl database in a temporary directory, with helpers to read it back.
struct TestStore {
    let directory: TemporaryDirectory
    let store: SQLiteCrawlStore
    var path: String { store.path }

    init(linkTargetCacheCapacity: Int = 1 << 17) throws {
        directory = try TemporaryDirectory()
        store = try SQLiteCrawlStore(path: directory.file("crawl.db"), linkTargetCacheCapacity: linkTargetCacheCapacity)
    }

    func remove() { directory.remove() }

    /// Rows of `sql` as text.
    func rows(_ sql: String) throws -> [[String?]] { try store.query(sql) }

    /// The first column of the first row as an Int.
    func int(_ sql: String) throws -> Int { Int(try rows(sql).first?.first.flatMap { $0 } ?? "0") ?? 0 }
}
