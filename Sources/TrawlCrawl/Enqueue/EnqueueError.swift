/// Why an enqueue input could not be read at all (as opposed to one rejected line): the CLI exits with
/// its own status for these (66, like sysexits' EX_NOINPUT), not the one for rejected lines.
public enum EnqueueError: Error, Equatable, CustomStringConvertible {
    /// `open(2)` failed: `reason` is `strerror`'s text ("No such file or directory", "Permission denied").
    case cannotOpen(path: String, reason: String)
    /// The path names a directory, not a file of URLs.
    case isDirectory(path: String)
    /// `read(2)` failed part way (an I/O error, a vanished mount); the lines before were enqueued.
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        case .isDirectory(let path): "cannot read \(path): it is a directory, not a file of URLs"
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        }
    }
}
