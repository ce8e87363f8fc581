/// A scope rule that cannot be used, with what to fix.
public enum ScopeRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--include` / `--exclude` / `trawl remove --match`: not a POSIX extended regular expression.
    case invalidPattern(flag: String, pattern: String, position: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidPattern(let flag, let pattern, let position, let reason):
            "\(flag) '\(pattern)' is not a valid POSIX extended regular expression: \(reason) "
                + "(at character \(position))"
        }
    }
}
