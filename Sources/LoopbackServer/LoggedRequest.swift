/// One request as the server recorded it on arrival, for tests to assert on order, timing and reuse.
public struct LoggedRequest: Sendable, Equatable {
    /// The request target, query included.
    public let path: String
    public let method: String
    /// Header names lower-cased; repeated headers joined with ", ".
    public let headers: [String: String]
    /// Which TCP connection carried it: equal IDs mean the client reused a connection.
    public let connectionID: Int
    /// `CLOCK_MONOTONIC` seconds when the request head was complete; compare with
    /// `LoopbackHTTPServer.monotonicNow()` or with other entries (e.g. to measure a crawl delay).
    public let arrivalTime: Double

    public init(path: String, method: String, headers: [String: String], connectionID: Int, arrivalTime: Double) {
        self.path = path
        self.method = method
        self.headers = headers
        self.connectionID = connectionID
        self.arrivalTime = arrivalTime
    }
}
