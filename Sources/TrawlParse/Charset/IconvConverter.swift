#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one iconv conversion descriptor (`iconv_open` to UTF-8, `iconv_close` in `deinit`) and converts
/// leniently: a byte sequence iconv rejects (`EILSEQ`) becomes U+FFFD and decoding goes on one byte later,
/// as the WHATWG decoders do.
///
/// trawl decodes declared charsets itself instead of passing them to libxml2, because libxml2 2.9.14 stops
/// parsing at the first byte its iconv handler rejects (`xmlCharEncInput` fails, the rest of the page and
/// its links are lost) and prints "encoding error" to stderr. The descriptor never leaves this type; one
/// value is used by one thread.
struct IconvConverter: ~Copyable {
    private let descriptor: iconv_t

    /// A converter from `encoding` to UTF-8, or nil when iconv does not know the name.
    init?(from encoding: String) {
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// `bytes` converted to UTF-8 text.
    func convert(_ bytes: UnsafeRawBufferPointer) -> String {
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var written = 0
        var consumed = 0
        while consumed < bytes.count {
            var inputLeft = bytes.count - consumed
            var outputLeft = output.count - written
            let error: Int32 = output.withUnsafeMutableBytes { out in
                var source: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: bytes.baseAddress! + consumed)
                    .assumingMemoryBound(to: CChar.self)
                var target: UnsafeMutablePointer<CChar>? = (out.baseAddress! + written)
                    .assumingMemoryBound(to: CChar.self)
                return iconv(descriptor, &source, &inputLeft, &target, &outputLeft) == -1 ? errno : 0
            }
            consumed = bytes.count - inputLeft
            written = output.count - outputLeft
            switch error {
            case 0:
                break
            case E2BIG:
                output.append(contentsOf: repeatElement(0, count: output.count))
            default:
                // EILSEQ: an invalid sequence; EINVAL: an incomplete one at the end of the input.
                if output.count - written < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                output.replaceSubrange(written..<(written + 3), with: Self.replacementCharacter)
                written += 3
                consumed += 1
            }
        }
        flushShiftState(into: &output, written: &written)
        return String(decoding: output[..<written], as: UTF8.self)
    }

    /// Ends a stateful encoding (ISO-2022-JP) in its initial shift state (`iconv` with a null input).
    private func flushShiftState(into output: inout [UInt8], written: inout Int) {
        if output.count - written < 16 { output.append(contentsOf: repeatElement(0, count: 16)) }
        var outputLeft = output.count - written
        output.withUnsafeMutableBytes { out in
            var target: UnsafeMutablePointer<CChar>? = (out.baseAddress! + written)
                .assumingMemoryBound(to: CChar.self)
            _ = iconv(descriptor, nil, nil, &target, &outputLeft)
        }
        written = output.count - outputLeft
    }
}
