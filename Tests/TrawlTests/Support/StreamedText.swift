import Foundation

/// What a child process writes to a pipe, readable while it runs (`ReadAll` gives it only at the end):
/// for a line the test waits for, such as the address a server listens on.
final class StreamedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    init(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil }
            lock.withLock { data.append(chunk) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    /// The first match of `pattern` in what came so far, once it came (polling, bounded by `timeout`).
    func first(_ pattern: String, timeout: Double) async throws -> String? {
        var found: String?
        _ = try await eventually(timeout: timeout) {
            found = text.range(of: pattern, options: .regularExpression).map { String(text[$0]) }
            return found != nil
        }
        return found
    }
}
