/// One CSV record as RFC 4180 writes it: fields separated by commas, a field quoted when it holds a comma,
/// a double quote, CR or LF (its quotes doubled), records ended by CRLF. NULL is an empty field.
enum CSVRow {
    static func text(_ fields: [String?]) -> String {
        var text = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { text += "," }
            if let field { text += quoted(field) }
        }
        return text + "\r\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
            return field
        }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
