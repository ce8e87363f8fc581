import Dispatch
import TrawlSync
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a graceful stop: the first calls `onSignal`, a second one exits at once.
final class SignalTrap {
    enum Signal: Sendable {
        case interrupt, terminate
        var name: String { self == .interrupt ? "SIGINT" : "SIGTERM" }
        var number: Int32 { self == .interrupt ? SIGINT : SIGTERM }
    }

    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable (Signal) -> Void) {
        let received = SharedSignal()
        self.sources = [Signal.interrupt, .terminate].map { kind in
            signal(kind.number, SIG_IGN)  // the dispatch source, not the default action, sees it now
            let source = DispatchSource.makeSignalSource(signal: kind.number, queue: .global())
            source.setEventHandler {
                if received.record(kind) { onSignal(kind) } else { _exit(128 + kind.number) }
            }
            source.resume()
            return source
        }
        self.shared = received
    }

    private let shared: SharedSignal

    /// The first signal received, if any.
    var lastSignal: Signal? { shared.first }

    func cancel() { for source in sources { source.cancel() } }

    /// The first signal seen, shared with the handlers.
    private final class SharedSignal: Sendable {
        private let value = ThreadLock<Signal?>(nil)
        /// Records `kind`; true when it is the first signal.
        func record(_ kind: Signal) -> Bool {
            value.withLock { current in
                guard current == nil else { return false }
                current = kind
                return true
            }
        }
        var first: Signal? { value.withLock { $0 } }
    }
}
