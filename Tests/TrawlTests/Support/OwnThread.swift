import Dispatch
import Testing

/// `@Suite(.ownThread)`: each test of the suite runs on a thread of its own (a serial dispatch queue as
/// its task executor, SE-0417), not on Swift's cooperative pool.
///
/// For suites whose tests compute for seconds without suspending (thousands of random URLs checked against
/// curl, 500 KiB robots.txt files, 100,000-link pages) or wait in blocking calls (a raw socket's `poll(2)`):
/// the pool has one thread per core, every test of the run shares it, and two such tests on a 2-core machine
/// hold it whole, so that the continuations of all the others (a fetch that ended in 30 ms) wait seconds to
/// run and miss bounds they meet on their own. On a thread of its own the work is preempted like any other.
struct OwnThreadTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else { return try await function() }
        try await withTaskExecutorPreference(QueueExecutor(label: "test: \(test.name)")) { try await function() }
    }
}

extension Trait where Self == OwnThreadTrait {
    static var ownThread: Self { Self() }
}

/// A task executor on one serial dispatch queue: its jobs run on that queue's thread, off the pool.
final class QueueExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
