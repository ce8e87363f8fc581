/// Input shown back to the user in a message: short and safe for a terminal, whatever the bytes were.
///
/// A rejected line of a binary file, or of a gigabyte, must neither flood the terminal nor send it
/// escape sequences. So at most `maxCharacters` characters are shown; C0 controls, DEL and bytes that are
/// not UTF-8 are written `\xNN`, a backslash `\\`, and other invisible or direction-changing characters
/// (C1 controls, Unicode format characters such as U+202E, line and paragraph separators) `\u{NNNN}`.
/// Printable text, international characters included, is shown as it is. A cut excerpt ends with
/// "… (N bytes)", N being the length of the whole input.
public enum InputExcerpt {
    /// Characters shown at most (an escape such as `\x1B` counts as its 4 characters).
    public static let maxCharacters = 200

    /// `bytes` escaped and cut; `totalLength`: the input's full length when `bytes` is only its start.
    public static func of(
        _ bytes: some Collection<UInt8>, totalLength: Int? = nil, maxCharacters: Int = InputExcerpt.maxCharacters
    ) -> String {
        // No character takes more than 4 bytes: the start is all that can be shown.
        let input = Array(bytes.prefix(maxCharacters * 4 + 4))
        var text = ""
        var shown = 0
        var index = 0
        while index < input.count {
            let (piece, consumed) = escapedScalar(in: input, at: index)
            if shown + piece.count > maxCharacters { break }
            text += piece
            shown += piece.count
            index += consumed
        }
        let total = max(totalLength ?? bytes.count, bytes.count)
        if index < total { text += "… (\(total) bytes)" }
        return text
    }

    /// The excerpt of a string (a command-line argument).
    public static func of(_ string: String) -> String { of(Array(string.utf8)) }

    /// The scalar starting at `index` as shown, and how many bytes it took.
    private static func escapedScalar(in bytes: [UInt8], at index: Int) -> (String, Int) {
        let byte = bytes[index]
        if byte < 0x80 {
            switch byte {
            case 0x5C: return ("\\\\", 1)
            case 0x20..<0x7F: return (String(UnicodeScalar(byte)), 1)
            default: return (hex(byte), 1)
            }
        }
        var iterator = bytes[index...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded):
            let scalar = Unicode.UTF8.decode(encoded)
            return (isInvisible(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                : String(scalar), encoded.count)
        case .error(let length):
            return (bytes[index..<index + length].map(hex).joined(), length)
        case .emptyInput:
            return ("", 1)
        }
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "\\x" + (digits.count == 1 ? "0" + digits : digits)
    }
}
