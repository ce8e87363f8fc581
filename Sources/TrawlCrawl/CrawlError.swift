public import TrawlStore

/// Why a crawl run could not go on. Failed pages are not errors of the run: they are data.
public enum CrawlError: Error, CustomStringConvertible {
    /// This crawler was presumed dead (its heartbeat stopped for longer than the lease timeout) and its
    /// jobs were given to others; it stops rather than work on jobs it no longer owns.
    case leaseLost
    /// The database failed while writing results.
    case storeFailed(any Error)

    public var description: String {
        switch self {
        case .leaseLost:
            "this crawler's lease was taken over by another process (was it paused?); stopping"
        case .storeFailed(let reason as StoreError):
            "\(reason)"
        case .storeFailed(let reason):
            "could not write results to the database: \(reason)"
        }
    }

    /// The store's own error, when that is what stopped the run.
    public var storeError: StoreError? {
        if case .storeFailed(let error) = self { return error as? StoreError }
        return nil
    }
}
