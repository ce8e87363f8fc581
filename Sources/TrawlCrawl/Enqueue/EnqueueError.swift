/// Why an enqueue input could not be read at all (as opposed to one rejected line).
public enum EnqueueError: Error, CustomStringConvertible {
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        }
    }
}
