internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// Opens a trawl database for one kind of use (`DatabaseAccess`): `create` makes it from `Schema.sql` when the
/// file is missing or empty; writing uses upgrade it in place when an older trawl made it (`Migrations`);
/// reading uses never write. Any file that is not a trawl database, or comes from a newer trawl, is refused
/// without writing a byte.
enum DatabaseFile {
    /// SQLite's page cache per connection, in KiB (see `open` for how it was chosen).
    static let pageCacheKiB = 8192
    /// The memory SQLite's sorter may use while building an index, in KiB: it takes as much as the page cache
    /// by default, which made a crawl's peak RSS 7 MB higher at its end; past this it sorts in temporary files.
    static let indexBuildCacheKiB = 1024
    /// How long writers wait for another's lock by default (`--lock-timeout`). A crawl's commits hold the
    /// lock for a fraction of a second; the longest holder is the build of the link index when a crawl
    /// finishes (about 0.3 s per million links, so tens of seconds on the largest crawls), which a crawler or
    /// `trawl enqueue` started meanwhile must outwait rather than fail.
    static let defaultLockTimeout = 120.0

    static func open(path: String, access: DatabaseAccess, lockTimeout: Double) throws(StoreError) -> SQLiteConnection {
        let size = fileSize(path)
        let isNew = size.map { $0 == 0 } ?? true
        if isNew && access != .create { throw .missing(path: path, empty: size != nil) }
        // Checked before SQLite opens it: it would fall back to reading, and leave -wal and -shm files owned
        // by this user beside another user's database.
        if access != .read && size != nil && !mayWrite(path) { throw cannotWrite(path) }
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, mode: openMode(path, access: access, isNew: isNew),
                                              lockTimeout: lockTimeout)
            // A reading command that could open the file for writing (its own file) still never writes.
            if access == .read { try connection.execute("PRAGMA query_only = 1") }
        } catch {
            throw .cannotOpen(path: path, reason: error.message)
        }
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
            if let classified = StoreError.classify(error, path: path, lockTimeout: lockTimeout) as? StoreError {
                throw classified
            }
            // A WAL database in a folder this user cannot write: SQLite cannot make its -wal and -shm files.
            if error.code & 0xFF == SQLITE_READONLY { throw cannotWrite(path) }
            throw .cannotOpen(path: path, reason: error.message)
        }
        let isEmpty = identity.applicationID == 0 && identity.objects == 0
        if !isEmpty && identity.applicationID != Schema.applicationID {
            throw .notATrawlDatabase(path: path, reason: "a SQLite database of another application")
        }
        if identity.version > Schema.version {
            throw .newerSchema(path: path, version: Int(identity.version), supported: Int(Schema.version))
        }
        if access != .read && connection.isReadOnly { throw cannotWrite(path) }
        if access == .read {
            if isEmpty { throw .notATrawlDatabase(path: path, reason: "an empty SQLite database") }
            if identity.version < Schema.version {
                throw .olderSchema(path: path, version: Int(identity.version), supported: Int(Schema.version))
            }
            do {
                try connection.execute("PRAGMA cache_size=-\(pageCacheKiB)")
            } catch {
                throw .database(error)
            }
            return connection
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
            if let classified = StoreError.classify(error, path: path, lockTimeout: lockTimeout) as? StoreError {
                throw classified
            }
            throw .database(error)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        return connection
    }

    /// How to open the file for `access`. A reading command opens read-write only a file this user owns
    /// and may write, in a folder it may write (SQLite then makes and removes the -wal and -shm files as
    /// always, owned by the file's owner). Any other file (another user's, read-only, on a read-only
    /// mount) is opened read-only: with a -wal file present (a crawl has it open) SQLite reads through the
    /// existing -shm; without one no process has it open, and it is read as an immutable file, which
    /// creates nothing beside it.
    private static func openMode(_ path: String, access: DatabaseAccess, isNew: Bool) -> SQLiteConnection.OpenMode {
        switch access {
        case .create: return .readWrite(create: isNew)
        case .write: return .readWrite(create: false)
        case .read:
            if ownsAndMayWrite(path) { return .readWrite(create: false) }
            return .readOnly(immutable: fileSize(path + "-wal") == nil)
        }
    }

    private static func ownsAndMayWrite(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid == geteuid() else { return false }
        return mayWrite(path)
    }

    /// Whether this user may write the file and its folder (where SQLite makes the -wal and -shm files).
    private static func mayWrite(_ path: String) -> Bool {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        return access(path, W_OK) == 0 && access(folder, W_OK) == 0
    }

    /// A writing command on a file this user cannot write.
    private static func cannotWrite(_ path: String) -> StoreError {
        .cannotOpen(path: path, reason: "this user cannot write it (a read-only file, folder or mount, or another "
                        + "user's file); trawl status and trawl export can read it as it is")
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
