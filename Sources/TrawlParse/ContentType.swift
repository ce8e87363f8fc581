/// Reading the HTTP `Content-Type` header (RFC 9110 §8.3): is the body HTML, and which charset it declares.
///
/// Plain string functions, no libxml2: the fetch layer calls them before deciding to parse at all.
public enum ContentType {
    /// The `charset` parameter (RFC 9110 §8.3.2), unquoted and trimmed: `text/html; charset="Shift_JIS"`
    /// gives `Shift_JIS`. Nil when the header is missing or has no non-empty charset parameter.
    ///
    /// The label is returned as written; `HTMLPageParser` maps it to an encoding (WHATWG labels).
    public static func charset(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in parameters(of: contentType) where parameter.name == "charset" {
            return parameter.value.isEmpty ? nil : parameter.value
        }
        return nil
    }

    /// Whether the media type is one trawl parses for links: `text/html` or `application/xhtml+xml`
    /// (case-insensitive, parameters ignored).
    ///
    /// A missing or empty header counts as HTML: servers that omit it mostly serve HTML, and libxml2's
    /// recovering parser costs little on anything else. Content sniffing is not attempted.
    public static func isHTML(_ contentType: String?) -> Bool {
        guard let contentType else { return true }
        let essence = ASCIIWhitespace.trimming(contentType.prefix { $0 != ";" }).lowercased()
        return essence.isEmpty || essence == "text/html" || essence == "application/xhtml+xml"
    }

    /// The `name=value` parameters after the media type, names lower-cased, quoted-string values unquoted
    /// (a backslash quotes the next character). A `;` inside quotes does not end a parameter.
    private static func parameters(of contentType: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var characters = Substring(contentType)
        // Skip the media type itself.
        guard let firstSemicolon = characters.firstIndex(of: ";") else { return [] }
        characters = characters[characters.index(after: firstSemicolon)...]
        while !characters.isEmpty {
            let nameEnd = characters.firstIndex { $0 == "=" || $0 == ";" } ?? characters.endIndex
            let name = ASCIIWhitespace.trimming(characters[..<nameEnd]).lowercased()
            guard nameEnd < characters.endIndex, characters[nameEnd] == "=" else {
                characters = nameEnd < characters.endIndex ? characters[characters.index(after: nameEnd)...] : ""
                continue
            }
            characters = ASCIIWhitespace.trimming(characters[characters.index(after: nameEnd)...])
            let value: String
            if characters.first == "\"" {
                (value, characters) = quotedString(characters.dropFirst())
                characters = characters.drop { $0 != ";" }
            } else {
                let valueEnd = characters.firstIndex(of: ";") ?? characters.endIndex
                value = String(ASCIIWhitespace.trimming(characters[..<valueEnd]))
                characters = characters[valueEnd...]
            }
            characters = characters.dropFirst()  // the ";"
            if !name.isEmpty { result.append((name, value)) }
        }
        return result
    }

    /// The content of a quoted-string whose opening quote was already consumed, and what follows it.
    private static func quotedString(_ characters: Substring) -> (String, Substring) {
        var value = ""
        var index = characters.startIndex
        while index < characters.endIndex {
            let character = characters[index]
            index = characters.index(after: index)
            switch character {
            case "\"":
                return (value, characters[index...])
            case "\\" where index < characters.endIndex:
                value.append(characters[index])
                index = characters.index(after: index)
            default:
                value.append(character)
            }
        }
        return (value, characters[index...])
    }
}
