/// Maps a charset label, from a `Content-Type` header or a `<meta>`, to the encoding the web means by it
/// (WHATWG Encoding Standard §4.2, "Names and labels").
///
/// Web reality differs from the registered names in ways that lose text: `iso-8859-1`, `latin1` and
/// `us-ascii` mean windows-1252 (byte 0x80 is €, not a C1 control), and `Shift_JIS` means Microsoft's CP932
/// (glibc's SHIFT_JIS turns `\` into ¥ and `~` into ‾, which breaks URLs). Labels not in the table go to
/// iconv as written.
enum CharsetLabel {
    /// The encoding for `label`, or nil when the label is blank or cannot be an encoding name (a name
    /// with `/` would reach iconv's `//TRANSLIT`-style suffixes). Whether iconv knows the name is decided
    /// later, by `Transcoder.canDecode(_:)`.
    static func encoding(for label: String) -> TextEncoding? {
        let name = ASCIIWhitespace.trimming(label).lowercased()
        guard !name.isEmpty, name.utf8.count <= 40, name.utf8.allSatisfy(isLabelByte) else { return nil }
        return webEncodings[name] ?? .iconv(name)
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    /// The WHATWG labels whose meaning differs from what iconv would do with the label itself, or that
    /// iconv does not know. Lower-case, as labels are matched ASCII case-insensitively.
    private static let webEncodings: [String: TextEncoding] = {
        var table: [String: TextEncoding] = [:]
        func add(_ labels: [String], _ encoding: TextEncoding) {
            for label in labels { table[label] = encoding }
        }
        add(["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"], .utf8)
        add(["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
             "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "latin-1", "us-ascii",
             "windows-1252", "x-cp1252"], .windows1252)
        add(["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"],
            .iconv("CP932"))
        add(["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
             "x-gbk", "gb18030"], .iconv("GB18030"))
        add(["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"], .iconv("BIG5-HKSCS"))
        add(["cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
             "ksc5601", "ksc_5601", "windows-949"], .iconv("CP949"))
        add(["csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
             "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"], .iconv("WINDOWS-1254"))
        add(["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"],
            .iconv("WINDOWS-874"))
        add(["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"],
            .iconv("UTF-16LE"))
        add(["unicodefffe", "utf-16be"], .iconv("UTF-16BE"))
        return table
    }()
}
