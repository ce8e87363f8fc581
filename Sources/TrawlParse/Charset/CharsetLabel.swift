/// Maps a charset label, from a `Content-Type` header or a `<meta>`, to its encoding with the WHATWG
/// Encoding Standard's table (§4.2 "Names and labels", `encodings.json`): every label of the standard,
/// and no other.
///
/// The web's meaning differs from the registered names in ways that lose text: `iso-8859-1`, `latin1`,
/// `us-ascii` and `ascii` mean windows-1252 (byte 0x80 is €, not a C1 control); `iso-8859-9` means
/// windows-1254; `gb2312` means GBK; `Shift_JIS` is decoded as Microsoft's CP932 (glibc's SHIFT_JIS turns
/// `\` into ¥ and `~` into ‾, which breaks URLs). A label not in the table is no encoding at all ("get an
/// encoding" returns failure), so the next source of an encoding decides.
enum CharsetLabel {
    /// "Get an encoding" (Encoding Standard §4.2): the label without leading and trailing ASCII whitespace,
    /// ASCII-lower-cased, looked up in the table. Nil when it is not a label of the standard.
    static func encoding(for label: some StringProtocol) -> TextEncoding? {
        let trimmed = ASCIIWhitespace.trimming(label)
        guard !trimmed.isEmpty, trimmed.utf8.count <= longestLabel else { return nil }
        return table[asciiLowercased(trimmed)]
    }

    private static func asciiLowercased(_ text: Substring) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Each encoding of the standard: its name, the iconv name trawl decodes it with (nil for those with a
    /// decoder of their own), and its labels.
    private static let encodings: [(name: String, decoder: TextEncoding.Decoder, labels: [String])] = [
        ("UTF-8", .utf8, ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]),
        ("IBM866", .iconv("IBM866"), ["866", "cp866", "csibm866", "ibm866"]),
        ("ISO-8859-2", .iconv("ISO-8859-2"), ["csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592",
                                              "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"]),
        ("ISO-8859-3", .iconv("ISO-8859-3"), ["csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593",
                                              "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"]),
        ("ISO-8859-4", .iconv("ISO-8859-4"), ["csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594",
                                              "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"]),
        ("ISO-8859-5", .iconv("ISO-8859-5"), ["csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144",
                                              "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"]),
        ("ISO-8859-6", .iconv("ISO-8859-6"), ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic",
                                              "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127",
                                              "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"]),
        ("ISO-8859-7", .iconv("ISO-8859-7"), ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8",
                                              "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7",
                                              "iso_8859-7:1987", "sun_eu_greek"]),
        ("ISO-8859-8", .iconv("ISO-8859-8"), ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8",
                                              "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8",
                                              "iso_8859-8:1988", "visual"]),
        ("ISO-8859-8-I", .iconv("ISO-8859-8"), ["csiso88598i", "iso-8859-8-i", "logical"]),
        ("ISO-8859-10", .iconv("ISO-8859-10"), ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10",
                                                "iso885910", "l6", "latin6"]),
        ("ISO-8859-13", .iconv("ISO-8859-13"), ["iso-8859-13", "iso8859-13", "iso885913"]),
        ("ISO-8859-14", .iconv("ISO-8859-14"), ["iso-8859-14", "iso8859-14", "iso885914"]),
        ("ISO-8859-15", .iconv("ISO-8859-15"), ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915",
                                                "iso_8859-15", "l9"]),
        ("ISO-8859-16", .iconv("ISO-8859-16"), ["iso-8859-16"]),
        ("KOI8-R", .iconv("KOI8-R"), ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
        // The standard's KOI8-U has KOI8-RU's Belarusian letters (ў at 0xAE).
        ("KOI8-U", .iconv("KOI8-RU"), ["koi8-ru", "koi8-u"]),
        ("macintosh", .iconv("MACINTOSH"), ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
        ("windows-874", .iconv("WINDOWS-874"), ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620",
                                                "windows-874"]),
        ("windows-1250", .iconv("CP1250"), ["cp1250", "windows-1250", "x-cp1250"]),
        ("windows-1251", .iconv("CP1251"), ["cp1251", "windows-1251", "x-cp1251"]),
        ("windows-1252", .windows1252, ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
                                        "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
                                        "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"]),
        ("windows-1253", .iconv("CP1253"), ["cp1253", "windows-1253", "x-cp1253"]),
        ("windows-1254", .iconv("CP1254"), ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9",
                                            "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5",
                                            "windows-1254", "x-cp1254"]),
        ("windows-1255", .iconv("CP1255"), ["cp1255", "windows-1255", "x-cp1255"]),
        ("windows-1256", .iconv("CP1256"), ["cp1256", "windows-1256", "x-cp1256"]),
        ("windows-1257", .iconv("CP1257"), ["cp1257", "windows-1257", "x-cp1257"]),
        ("windows-1258", .iconv("CP1258"), ["cp1258", "windows-1258", "x-cp1258"]),
        ("x-mac-cyrillic", .iconv("MAC-UK"), ["x-mac-cyrillic", "x-mac-ukrainian"]),
        // GBK's decoder is gb18030's (Encoding Standard §10.1).
        ("GBK", .iconv("GB18030"), ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80",
                                    "gbk", "iso-ir-58", "x-gbk"]),
        ("gb18030", .iconv("GB18030"), ["gb18030"]),
        ("Big5", .iconv("BIG5-HKSCS"), ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]),
        ("EUC-JP", .iconv("EUC-JP"), ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
        ("ISO-2022-JP", .iconv("ISO-2022-JP"), ["csiso2022jp", "iso-2022-jp"]),
        ("Shift_JIS", .iconv("CP932"), ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis",
                                        "windows-31j", "x-sjis"]),
        ("EUC-KR", .iconv("CP949"), ["cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                                     "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"]),
        ("replacement", .replacement, ["csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr",
                                       "replacement"]),
        ("UTF-16BE", .iconv("UTF-16BE"), ["unicodefffe", "utf-16be"]),
        ("UTF-16LE", .iconv("UTF-16LE"), ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16",
                                          "utf-16le"]),
        ("x-user-defined", .xUserDefined, ["x-user-defined"]),
    ]

    private static let table: [String: TextEncoding] = {
        var table: [String: TextEncoding] = [:]
        for (name, decoder, labels) in encodings {
            for label in labels { table[label] = TextEncoding(name: name, decoder: decoder) }
        }
        return table
    }()

    private static let longestLabel = 19  // "iso-8859-8-i" … "cseucpkdfmtjapanese"

    /// Every label of the table, for tests.
    static var allLabels: [(label: String, name: String)] {
        encodings.flatMap { encoding in encoding.labels.map { ($0, encoding.name) } }
    }
}
