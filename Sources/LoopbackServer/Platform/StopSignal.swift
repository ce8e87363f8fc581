internal import Glibc
import Synchronization

/// A one-shot "stop now" that wakes every thread of a server at once.
///
/// Every blocking point of the server is a `poll(2)` that also watches the read end of this pipe. Writing
/// one byte (and never reading it) leaves the pipe readable forever, so `stop()` wakes threads waiting on
/// the listener, on a request, in a `.delay` or in a `.neverRespond` hold, without closing any descriptor
/// another thread may still be using. (A pipe rather than `eventfd(2)`: Swift's Glibc module does not
/// import `eventfd`.)
final class StopSignal: Sendable {
    /// The read end, for `pollfd`.
    let descriptor: Int32
    private let writeEnd: Int32
    private let fired = Atomic<Bool>(false)

    init() throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemError("pipe") }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    var isFired: Bool { fired.load(ordering: .acquiring) }

    /// Idempotent: only the first call writes the wake-up byte.
    func fire() {
        guard !fired.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Sleeps for `seconds` unless stopped first; returns false if the stop came first.
    func sleep(seconds: Double) -> Bool {
        guard seconds > 0 else { return !isFired }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = MonotonicClock.now() + seconds
        while !isFired {
            let remaining = deadline - MonotonicClock.now()
            if remaining <= 0 { return true }
            _ = poll(&entry, 1, PollTimeout.milliseconds(remaining))
        }
        return false
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }
}
