/// One flat JSON object of numbers and strings, printed on one line for bench/run.sh to read.
struct JSONObject {
    private var members: [String] = []

    mutating func add(_ key: String, _ value: Int) { members.append("\(quoted(key)): \(value)") }
    mutating func add(_ key: String, _ value: Double) {
        members.append("\(quoted(key)): \(value.isFinite ? String((value * 1000).rounded() / 1000) : "null")")
    }
    mutating func add(_ key: String, _ value: String) { members.append("\(quoted(key)): \(quoted(value))") }

    var text: String { "{" + members.joined(separator: ", ") + "}" }

    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
