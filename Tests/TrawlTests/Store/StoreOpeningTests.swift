import Foundation
import Testing
@testable import TrawlStore

@Suite("Store: opening by use, lock waits")
struct StoreOpeningTests {
    @Test("only .create makes a missing file; .write and .read refuse it and create nothing")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("missing.db")
        for access in [DatabaseAccess.write, .read] {
            #expect {
                _ = try SQLiteCrawlStore(path: path, access: access)
            } throws: { error in
                guard case StoreError.missing(let named, false) = error else { return false }
                return named == path
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try SQLiteCrawlStore(path: path, access: .create)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("a reading store cannot write, even to its owner's file")
    func readingStoreNeverWrites() async throws {
        let test = try TestStore()
        defer { test.remove() }
        let reader = try SQLiteCrawlStore(path: test.path, access: .read)
        await #expect(throws: (any Error).self) {
            _ = try await reader.enqueue([StoreQueueTests.job(1)])
        }
        #expect(try test.int("SELECT count(*) FROM jobs") == 0)
    }

    @Test("a writer blocked by another connection's lock reports its wait while it lasts, then goes on")
    func lockWaitIsReported() async throws {
        let test = try TestStore()
        defer { test.remove() }
        try test.store.performSync { try $0.execute("BEGIN IMMEDIATE") }
        let blocked = try SQLiteCrawlStore(path: test.path, access: .write, lockTimeout: 120)
        #expect(blocked.lockWaitSeconds == nil)
        let attempt = Task { try await blocked.enqueue([StoreQueueTests.job(1)]) }
        // The lock is held until the wait was seen, however slowly this test is scheduled.
        let reported = try await eventually(timeout: 60) { blocked.lockWaitSeconds != nil }
        try test.store.performSync { try $0.execute("ROLLBACK") }
        #expect(reported, "the wait is visible while it lasts")
        #expect(try await attempt.value.inserted == 1, "the write went through once the lock was released")
        #expect(blocked.lockWaitSeconds == nil, "no longer waiting")
    }

    @Test("a writer gives up after its lock timeout with .locked, naming the file")
    func lockWaitIsGivenUp() async throws {
        let test = try TestStore()
        defer { test.remove() }
        try test.store.performSync { try $0.execute("BEGIN IMMEDIATE") }
        defer { _ = try? test.store.performSync { try $0.execute("ROLLBACK") } }
        let blocked = try SQLiteCrawlStore(path: test.path, access: .write, lockTimeout: 1)
        let started = ContinuousClock.now
        await #expect {
            _ = try await blocked.enqueue([StoreQueueTests.job(1)])
        } throws: { error in
            guard case StoreError.locked(let path, let seconds) = error else { return false }
            return path == test.path && seconds == 1
        }
        #expect(ContinuousClock.now - started >= .seconds(1), "it waited the timeout first")
    }
}
