import Foundation

/// A fresh directory under /tmp for one test, removed by `remove()` (call it in a `defer`).
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/trawl-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
