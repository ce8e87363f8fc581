import ArgumentParser

/// The values a numeric flag accepts: a closed range, and optionally one value outside it with a meaning
/// of its own ("0 for no bound"). Its `parse` is the option's transform, so that a value out of range is
/// refused while the command line is parsed (exit 64), with a message naming the flag, the value and the
/// range, before any arithmetic can trap on it (`--timeout inf`, `--depth 9223372036854775807`).
///
/// Each flag's range is declared once, in `FlagRanges`, with its default; its help text ends with both.
struct FlagRange<Value: FlagNumber>: Sendable {
    let flag: String
    let bounds: ClosedRange<Value>
    /// What a value means, in messages: "seconds", "requests per second".
    let unit: String?
    /// A value outside `bounds` that is accepted too, and what it means: 0, "no bound".
    let special: SpecialValue?
    /// The default, shown in `--help`; nil when the flag has none (it is optional).
    let defaultValue: Value?

    struct SpecialValue: Sendable {
        let value: Value
        let meaning: String
    }

    init(_ flag: String, _ bounds: ClosedRange<Value>, unit: String? = nil, special: (Value, String)? = nil,
         default defaultValue: Value?) {
        self.flag = flag
        self.bounds = bounds
        self.unit = unit
        self.special = special.map { SpecialValue(value: $0.0, meaning: $0.1) }
        self.defaultValue = defaultValue
    }

    /// The default of a flag that has one, for the property's initial value.
    var initial: Value {
        guard let defaultValue else { preconditionFailure("\(flag) has no default") }
        return defaultValue
    }

    /// "1 to 4096", "0 (no bound) or 0.001 to 10000 requests per second".
    var rangeText: String {
        var text = "\(bounds.lowerBound.flagText) to \(bounds.upperBound.flagText)"
        if let unit { text += " \(unit)" }
        if let special { text = "\(special.value.flagText) (\(special.meaning)) or " + text }
        return text
    }

    /// The option's transform: the value, or an error that ArgumentParser shows after
    /// "The value 'X' is invalid for '--flag <V>': ".
    @Sendable func parse(_ text: String) throws -> Value {
        guard let value = Value(flagText: text) else {
            throw FlagValueError("expected \(Value.kindText), \(rangeText)")
        }
        if let special, value == special.value { return value }
        guard bounds.contains(value) else { throw FlagValueError("out of range: expected \(rangeText)") }
        return value
    }

    /// `text`, then the range and the default, as the option's help.
    func help(_ text: String, valueName: String? = nil) -> ArgumentHelp {
        var line = text + " Range: \(rangeText)."
        if let defaultValue { line += " (default: \(defaultValue.flagText))" }
        return ArgumentHelp(line, valueName: valueName)
    }
}

/// Why a flag's value was refused; ArgumentParser prints `description` after the flag and the value.
struct FlagValueError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A number type a flag can take.
protocol FlagNumber: Comparable, Sendable {
    /// Parses a command-line value; nil when it is not a number of this type.
    init?(flagText: String)
    /// The value as the user would write it: "86400", not "86400.0".
    var flagText: String { get }
    /// "a whole number", "a number".
    static var kindText: String { get }
}

extension Int: FlagNumber {
    init?(flagText: String) { self.init(flagText) }
    var flagText: String { String(self) }
    static var kindText: String { "a whole number" }
}

extension Double: FlagNumber {
    /// Decimal or scientific notation; "inf" and "nan" parse, and are then refused by the range.
    init?(flagText: String) { self.init(flagText) }
    var flagText: String {
        if isFinite, self == rounded(), Swift.abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
    static var kindText: String { "a number" }
}
