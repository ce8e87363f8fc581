/// PostgreSQL array literals (`{"a","b",NULL}`, "Arrays" §8.15.6 of its manual), the text form in which a
/// batch goes to the server as one parameter per column and comes apart with `unnest`: one statement per
/// batch instead of one per row.
enum PGArray {
    /// Every element double-quoted with `\` and `"` escaped; nil becomes NULL. PostgreSQL text cannot hold
    /// NUL characters: they become U+FFFD.
    static func text<S: Sequence>(_ values: S) -> String where S.Element == String? {
        var literal = "{"
        var first = true
        for value in values {
            if !first { literal += "," }
            first = false
            guard let value else {
                literal += "NULL"
                continue
            }
            literal += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": literal += "\\\""
                case "\\": literal += "\\\\"
                case "\0": literal += "\u{FFFD}"
                default: literal.unicodeScalars.append(scalar)
                }
            }
            literal += "\""
        }
        return literal + "}"
    }

    static func text<S: Sequence>(_ values: S) -> String where S.Element == String {
        text(values.lazy.map { Optional($0) })
    }

    /// Numbers need no quotes; nil becomes NULL.
    static func numbers<S: Sequence, N: Numeric & LosslessStringConvertible>(_ values: S) -> String
    where S.Element == N? {
        "{" + values.map { $0.map { String($0) } ?? "NULL" }.joined(separator: ",") + "}"
    }

    static func numbers<S: Sequence, N: Numeric & LosslessStringConvertible>(_ values: S) -> String
    where S.Element == N {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }

    static func bools<S: Sequence>(_ values: S) -> String where S.Element == Bool {
        "{" + values.map { $0 ? "t" : "f" }.joined(separator: ",") + "}"
    }
}

/// Text parameters: numbers and booleans as PostgreSQL reads them.
enum PGParam {
    static func int<N: BinaryInteger>(_ value: N?) -> String? { value.map { String($0) } }
    static func double(_ value: Double?) -> String? { value.map { String($0) } }
    static func bool(_ value: Bool) -> String { value ? "t" : "f" }
}
