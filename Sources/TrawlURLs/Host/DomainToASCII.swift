internal import CIDN2

/// The URL Standard's "domain to ASCII" (§3.3) with beStrict false: UTS #46 ToASCII with CheckHyphens,
/// UseSTD3ASCIIRules and VerifyDnsLength off, CheckBidi and CheckJoiners on, nontransitional processing
/// (`ß` stays `ß`, and becomes `xn--zca`).
///
/// A name of ASCII letters, digits and punctuation with no label starting with `xn--` only needs lower
/// casing (the standard's own shortcut, and nearly every host on the web). Anything else goes to libidn2's
/// `idn2_to_ascii_8z` with `IDN2_NONTRANSITIONAL` (TR46 mapping, NFC, then IDNA2008 validation of each
/// label, `xn--` labels decoded and checked) and without `IDN2_USE_STD3_ASCII_RULES`, as the standard asks.
/// `_8z` reads UTF-8 whatever the process locale is (the `_lz` variant and curl's `CURLU_PUNYCODE` read
/// the locale, "C" in a Swift program, and fail on every non-ASCII name).
///
/// One known difference from the standard: after the TR46 mapping libidn2 validates each label by IDNA2008
/// (RFC 5892), which disallows symbols and emoji that UTS #46 keeps as valid (its NV8 code points), so
/// `☃.net` fails here where a browser gives `xn--n3h.net` (the one difference in the URL suite,
/// `URLConformanceTests`).
enum DomainToASCII {
    static func convert(_ domain: [UInt8]) throws(URLParseFailure) -> [UInt8] {
        if domain.allSatisfy({ $0 < 0x80 }), !hasPunycodeLabel(domain) {
            return domain.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        }
        // NUL would end the C string early; the standard forbids it in a host anyway.
        guard !domain.contains(0) else { throw .invalidHost("forbidden character 0x0 in the host") }
        // Bytes that are not UTF-8 decode to U+FFFD, which UTS #46 disallows: the same failure, said plainly.
        guard String(validating: domain, as: UTF8.self) != nil else { throw .invalidHost("the host is not UTF-8") }
        var output: UnsafeMutablePointer<CChar>?
        defer { idn2_free(output) }
        let code = (domain + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                idn2_to_ascii_8z(text.baseAddress, &output, Int32(IDN2_NONTRANSITIONAL.rawValue))
            }
        }
        guard code == Int32(IDN2_OK.rawValue), let output else {
            throw .invalidHost(String(cString: idn2_strerror(code)))
        }
        var length = 0
        while output[length] != 0 { length += 1 }
        let ascii = Array(UnsafeRawBufferPointer(start: output, count: length))
        guard !ascii.isEmpty else { throw .invalidHost("empty after IDNA mapping") }
        return ascii
    }

    /// Whether a label starts with `xn--` in any case: its Punycode must be decoded and checked.
    private static func hasPunycodeLabel(_ domain: [UInt8]) -> Bool {
        var labelStart = 0
        for index in 0...domain.count where index == domain.count || domain[index] == UInt8(ascii: ".") {
            if index - labelStart >= 4, domain[labelStart] | 0x20 == UInt8(ascii: "x"),
                domain[labelStart + 1] | 0x20 == UInt8(ascii: "n"), domain[labelStart + 2] == UInt8(ascii: "-"),
                domain[labelStart + 3] == UInt8(ascii: "-") {
                return true
            }
            labelStart = index + 1
        }
        return false
    }
}
