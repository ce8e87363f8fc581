/// Why a database could not be used. Messages name the file and say what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The file exists but is not a trawl database; it was left untouched.
    case notATrawlDatabase(path: String, reason: String)
    /// No database at this path (or an empty file), and the command does not create one: only
    /// `trawl enqueue` does, so that a mistyped `--db` is an error rather than a new, empty database.
    case missing(path: String, empty: Bool)
    /// The file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database was made by a newer trawl.
    case newerSchema(path: String, version: Int, supported: Int)
    /// A reading command met a database of an older trawl, which only a writing command may upgrade.
    case olderSchema(path: String, version: Int, supported: Int)
    /// Another program held the database's lock for longer than `--lock-timeout`.
    case locked(path: String, seconds: Double)
    /// SQLite found the file damaged (SQLITE_CORRUPT or SQLITE_NOTADB from a statement).
    case corrupt(path: String, detail: String)
    /// A crawl is running on the database, and the command waits for it to end.
    case crawlRunning(path: String, pids: [Int])
    /// A database operation failed.
    case database(SQLiteError)
    /// A PostgreSQL operation failed (`target`: the database, without its password).
    case postgres(target: String, PostgresError)
    /// This build's embedded schema.sql lacks an index it needs to build again (a build defect).
    case schemaDefinitionMissing(index: String)

    public var description: String {
        switch self {
        case .notATrawlDatabase(let path, let reason):
            "\(path) is not a trawl database (\(reason)); it was left untouched. Pass --db with a new or trawl file."
        case .missing(let path, let empty):
            "no trawl database at \(path)\(empty ? " (the file is empty)" : ""): check --db; "
                + "trawl enqueue --db \(path) URL… creates one"
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .newerSchema(let path, let version, let supported):
            "\(path) has schema version \(version), newer than this trawl supports (\(supported)); upgrade trawl"
        case .olderSchema(let path, let version, let supported):
            "\(path) has schema version \(version), older than this trawl's (\(supported)), and reading commands "
                + "never write: trawl index --db \(path) (or any crawl, enqueue or retry) upgrades it in place"
        case .locked(let path, let seconds):
            "the database \(path) stayed locked by another program for \(Self.seconds(seconds)) "
                + "(\(path.hasPrefix("postgresql://") ? "a psql session" : "a sqlite3 shell") with an open "
                + "transaction?); end that program's transaction and run the "
                + "command again, or wait longer with --lock-timeout"
        case .corrupt(let path, let detail):
            "the database \(path) is damaged (SQLite: \(detail)); trawl stopped writing to it. Recover what it "
                + "holds into a new file with: sqlite3 \(path) .recover | sqlite3 recovered.db"
        case .crawlRunning(let path, let pids):
            "a crawl is running on \(path) (pid \(pids.map(String.init).joined(separator: ", "))); it builds "
                + "the query indexes when it finishes: run this again after it"
        case .database(let error):
            "database error: \(error)"
        case .postgres(let target, let error):
            Self.describe(error, target: target)
        case .schemaDefinitionMissing(let index):
            "this trawl's schema.sql has no CREATE INDEX \(index) statement; the build is broken"
        }
    }

    /// Whether another program's lock outlasted the wait (the run may be tried again as it is).
    public var isLocked: Bool { if case .locked = self { true } else { false } }

    /// Whether the file is damaged.
    public var isCorrupt: Bool { if case .corrupt = self { true } else { false } }

    /// The error of a failed SQLite call on `path`, named for what the user can do about it.
    static func classify(_ error: any Error, path: String, lockTimeout: Double) -> any Error {
        if let postgres = error as? PostgresError {
            if postgres.isLockTimeout { return StoreError.locked(path: path, seconds: lockTimeout) }
            if postgres.isCorrupt { return StoreError.corrupt(path: path, detail: postgres.message) }
            return StoreError.postgres(target: path, postgres)
        }
        guard let sqlite = error as? SQLiteError else { return error }
        if sqlite.isBusy { return StoreError.locked(path: path, seconds: lockTimeout) }
        if sqlite.isCorrupt { return StoreError.corrupt(path: path, detail: sqlite.message) }
        return error
    }

    /// A PostgreSQL failure in words a user can act on: which database, what the server said, what to try.
    private static func describe(_ error: PostgresError, target: String) -> String {
        if error.isMissingDatabase {
            return "cannot connect to \(target): \(error.message); create the database first "
                + "(createdb, or CREATE DATABASE in psql): trawl creates its tables, not the database"
        }
        if error.isConnectionFailure {
            return "cannot connect to \(target): \(error.message) (check the host, port, user and password: "
                + "the URL, PG* environment variables or ~/.pgpass)"
        }
        return "database error on \(target): \(error)"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// How a command uses the database, which decides what opening it may do.
public enum DatabaseAccess: Sendable {
    /// `trawl enqueue`: a missing file is created from schema.sql; an older one is upgraded.
    case create
    /// Writing commands on an existing database (`crawl`, `retry`, `index`): a missing file is refused.
    case write
    /// Reading commands (`status`, `export`): nothing is written, no upgrade runs, and no -wal or -shm file
    /// is left behind; works on a file this user cannot write and while crawls run.
    case read
}
