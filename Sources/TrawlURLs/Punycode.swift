/// The Punycode encoder of RFC 3492 §6.3, used for internationalized host names (IDNA, RFC 5891 §4.4:
/// a non-ASCII label `L` becomes `xn--` + Punycode(`L`)).
///
/// Done in Swift because curl's own conversion (`CURLU_PUNYCODE`, libidn2's `idn2_lookup_ul`) reads its
/// input in the process locale, which is "C" in a Swift program, and then fails on every non-ASCII name.
enum Punycode {
    private static let base: UInt32 = 36
    private static let tMin: UInt32 = 1
    private static let tMax: UInt32 = 26
    private static let skew: UInt32 = 38
    private static let damp: UInt32 = 700
    private static let initialBias: UInt32 = 72
    private static let initialN: UInt32 = 128

    /// The Punycode form of `scalars` (without the `xn--` prefix), or nil on arithmetic overflow, which
    /// RFC 3492 §6.4 only allows for absurdly long labels.
    static func encode<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> String? {
        let input = scalars.map(\.value)
        var output: [UInt8] = input.compactMap { $0 < 0x80 ? UInt8($0) : nil }
        let basicCount = UInt32(output.count)
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }

        var n = initialN
        var delta: UInt32 = 0
        var bias = initialBias
        var handled = basicCount
        while handled < UInt32(input.count) {
            guard let next = input.filter({ $0 >= n }).min() else { return nil }
            let (increment, overflow1) = (next - n).multipliedReportingOverflow(by: handled + 1)
            let (sum, overflow2) = delta.addingReportingOverflow(increment)
            guard !overflow1, !overflow2 else { return nil }
            delta = sum
            n = next
            for value in input {
                if value < n {
                    let (incremented, overflow) = delta.addingReportingOverflow(1)
                    guard !overflow else { return nil }
                    delta = incremented
                }
                guard value == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta: delta, pointCount: handled + 1, isFirst: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3492 §6.1.
    private static func adapt(delta: UInt32, pointCount: UInt32, isFirst: Bool) -> UInt32 {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / pointCount
        var k: UInt32 = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// RFC 3492 §5: 0–25 are `a`–`z`, 26–35 are `0`–`9`.
    private static func digit(_ value: UInt32) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }
}
