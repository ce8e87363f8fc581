import Foundation

/// A pseudo-terminal pair (`posix_openpt`), so that a test can give `trawl` a terminal as its standard
/// input and type into it, as a user at a shell would.
///
/// Glibc's module map hides the pty functions (they need _XOPEN_SOURCE), so they are looked up by name.
final class PseudoTerminal {
    private typealias OpenFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { throw POSIXError(.ENOSYS) }
        return unsafeBitCast(symbol, to: type)
    }

    private let primary: Int32
    /// The terminal end, for the child's standard input.
    let secondary: FileHandle

    init() throws {
        let posixOpenpt = try Self.function("posix_openpt", as: OpenFunction.self)
        let grantpt = try Self.function("grantpt", as: OpenFunction.self)
        let unlockpt = try Self.function("unlockpt", as: OpenFunction.self)
        let ptsname = try Self.function("ptsname", as: NameFunction.self)
        let primary = posixOpenpt(O_RDWR | O_NOCTTY)
        guard primary >= 0, grantpt(primary) == 0, unlockpt(primary) == 0, let name = ptsname(primary) else {
            throw POSIXError(.ENOTTY)
        }
        let secondary = open(name, O_RDWR | O_NOCTTY)
        guard secondary >= 0 else {
            Glibc.close(primary)
            throw POSIXError(.ENOTTY)
        }
        self.primary = primary
        self.secondary = FileHandle(fileDescriptor: secondary, closeOnDealloc: true)
    }

    /// Sends `text` as typed keys (a line is read on "\n"; "\u{04}" at the start of a line is Ctrl-D: the end).
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(primary, &bytes, bytes.count)
    }

    func close() {
        Glibc.close(primary)
        try? secondary.close()
    }
}
