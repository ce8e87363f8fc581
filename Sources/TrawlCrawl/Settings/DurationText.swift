/// Durations as users type them for `--time-limit`: `90s`, `30m`, `2h`, `1h30m`, `1d`, or plain seconds (`45`).
public enum DurationText {
    /// Seconds, or nil when `text` is not a positive duration.
    public static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let plain = Double(text) { return plain > 0 && plain.isFinite ? plain : nil }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in text.lowercased() {
            if character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit, total > 0, total.isFinite else { return nil }
        return total
    }
}
