/// Prometheus's text exposition format, version 0.0.4: `# HELP` and `# TYPE` lines, then one line per sample.
///
/// Written here rather than taken from swift-prometheus: the format is these few rules, while that package
/// brings swift-metrics and its global bootstrapping, and a registry of its own that would count what the
/// progress meter already counts. See https://prometheus.io/docs/instrumenting/exposition_formats/.
public enum PrometheusText {
    /// The `Content-Type` a scrape is answered with.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The families as one exposition, each preceded by its HELP and TYPE lines, ending with a line feed.
    public static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        text.reserveCapacity(families.count * 160)
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                text += family.name + sample.suffix
                if !sample.labels.isEmpty {
                    text += "{"
                    text += sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",")
                    text += "}"
                }
                text += " " + number(sample.value) + "\n"
            }
        }
        return text
    }

    /// A label value: backslash, double quote and line feed escaped as `\\`, `\"`, `\n`.
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// HELP text: backslash and line feed escaped (a double quote stays as is there).
    public static func escapeHelp(_ help: String) -> String {
        help.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    /// A sample value as Go's `strconv.ParseFloat` reads it: whole numbers without a fraction, `+Inf`,
    /// `-Inf`, `NaN`, otherwise Swift's shortest round-tripping form (`0.0025`, `1e-05`).
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
