import Foundation

/// The public conformance data of `shared/conformance` (see its README), read where it lies, never copied
/// into the repository: beside the checkout in CI, above the worktree on a developer's machine.
enum ConformanceData {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        var description: String {
            "conformance file \(name) not found: set TRAWL_CONFORMANCE_DIR to the folder holding it, or put "
                + "shared/conformance beside or above the checkout (searched: \(searched.joined(separator: ", ")))"
        }
    }

    /// The folder: `$TRAWL_CONFORMANCE_DIR`, else the first `shared/conformance` found going up from this
    /// source file.
    static func directory(holding name: String, filePath: String = #filePath) throws -> URL {
        var searched: [String] = []
        if let override = ProcessInfo.processInfo.environment["TRAWL_CONFORMANCE_DIR"], !override.isEmpty {
            let folder = URL(fileURLWithPath: override)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) { return folder }
            searched.append(override)
        }
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        for _ in 0..<12 {
            let candidate = folder.appendingPathComponent("shared/conformance")
            searched.append(candidate.path)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(name).path) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        throw Missing(name: name, searched: searched)
    }

    /// The file's bytes.
    static func bytes(of name: String) throws -> [UInt8] {
        let url = try directory(holding: name).appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }
}
