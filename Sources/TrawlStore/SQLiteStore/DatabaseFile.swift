internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// Opens a trawl database, creating it from `Schema.sql` when the file is missing or empty, upgrading it in
/// place when an older trawl made it (`Migrations`), and refusing, without writing a byte, any file that is
/// not a trawl database or comes from a newer trawl.
enum DatabaseFile {
    /// SQLite's page cache per connection, in KiB (see `open` for how it was chosen).
    static let pageCacheKiB = 8192
    /// The memory SQLite's sorter may use while building an index, in KiB: it takes as much as the page cache
    /// by default, which made a crawl's peak RSS 7 MB higher at its end; past this it sorts in temporary files.
    static let indexBuildCacheKiB = 1024
    static func open(path: String) throws(StoreError) -> SQLiteConnection {
        let isNew = fileSize(path).map { $0 == 0 } ?? true
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, create: isNew)
        } catch {
            throw .cannotOpen(path: path, reason: error.message)
        }
        // Writers wait for each other's transactions. A crawl's commits hold the lock for a fraction of a
        // second; the longest holder is the build of the link index when a crawl finishes (about 0.3 s per
        // million links, so tens of seconds on the largest crawls), which a crawler or `trawl enqueue`
        // started meanwhile must outwait rather than fail.
        connection.setBusyTimeout(milliseconds: 120_000)
        // Identify the file before anything that writes (journal_mode=WAL is persistent).
        let identity: (applicationID: Int64, version: Int64, objects: Int64)
        do {
            identity = (
                try connection.scalar("PRAGMA application_id")?.integer ?? 0,
                try connection.scalar("PRAGMA user_version")?.integer ?? 0,
                try connection.scalar("SELECT count(*) FROM sqlite_master")?.integer ?? 0
            )
        } catch {
            if error.isNotADatabase {
                throw .notATrawlDatabase(path: path, reason: "not a SQLite database")
            }
            throw .cannotOpen(path: path, reason: error.message)
        }
        let isEmpty = identity.applicationID == 0 && identity.objects == 0
        if !isEmpty && identity.applicationID != Schema.applicationID {
            throw .notATrawlDatabase(path: path, reason: "a SQLite database of another application")
        }
        if identity.version > Schema.version {
            throw .newerSchema(path: path, version: Int(identity.version), supported: Int(Schema.version))
        }
        do {
            let mode = try connection.scalar("PRAGMA journal_mode=WAL")?.text
            guard mode?.lowercased() == "wal" else {
                throw StoreError.cannotOpen(path: path, reason: "could not enable WAL journal mode (got \(mode ?? "nothing"))")
            }
            try connection.execute("PRAGMA synchronous=NORMAL")
            // Measured on the benchmark crawl (bench/): with SQLite's 2 MB default cache, re-reading index
            // pages (pread) and checkpointing the WAL every 4 MB cost a large share of the crawl's CPU.
            // An 8 MB cache and a 40 MB WAL between checkpoints cut the database's system time by half;
            // 4 MB saved 5 MB of RSS but cost 10% of the crawl's speed.
            try connection.execute("PRAGMA cache_size=-\(pageCacheKiB); PRAGMA wal_autocheckpoint=10000")
            if isEmpty {
                try applySchema(connection)
            } else if identity.version < Schema.version {
                try Migrations.upgrade(connection, path: path)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as SQLiteError {
            throw .database(error)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        return connection
    }

    /// Applies the schema inside one write transaction, unless another process got there first.
    private static func applySchema(_ connection: SQLiteConnection) throws {
        try connection.writeTransaction {
            let objects = try connection.scalar("SELECT count(*) FROM sqlite_master")?.integer ?? 0
            if objects == 0 { try connection.execute(Schema.sql) }
        }
    }

    private static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }
}
