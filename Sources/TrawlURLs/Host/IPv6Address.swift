/// An IPv6 host (§3.5 IPv6 parser, §3.6 IPv6 serializer): eight 16-bit pieces, read with `::`
/// compression and an optional dotted IPv4 tail, written back in one canonical spelling (lower-case hex,
/// no leading zeros, the first longest run of two or more zero pieces as `::`), so that `[0:0::1]` and
/// `[::1]` are one host.
struct IPv6Address {
    private var pieces: [UInt16] = Array(repeating: 0, count: 8)

    init(parsing input: UnsafeBufferPointer<UInt8>) throws(URLParseFailure) {
        let invalid = URLParseFailure.invalidHost("invalid IPv6 address")
        var pieceIndex = 0
        var compress: Int?
        var pointer = 0
        func at(_ index: Int) -> UInt8? { index < input.count ? input[index] : nil }
        if at(0) == UInt8(ascii: ":") {
            guard at(1) == UInt8(ascii: ":") else { throw invalid }
            pointer = 2
            pieceIndex = 1
            compress = 1
        }
        while let byte = at(pointer) {
            guard pieceIndex < 8 else { throw invalid }
            if byte == UInt8(ascii: ":") {
                guard compress == nil else { throw invalid }
                pointer += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value: UInt16 = 0
            var length = 0
            while length < 4, let digit = at(pointer).flatMap(PercentEncodeSet.hexValue) {
                value = value << 4 | UInt16(digit)
                pointer += 1
                length += 1
            }
            if at(pointer) == UInt8(ascii: ".") {
                guard length > 0, pieceIndex <= 6 else { throw invalid }
                pointer -= length
                try readIPv4Tail(input, from: pointer, pieceIndex: &pieceIndex)
                pointer = input.count
                break
            } else if at(pointer) == UInt8(ascii: ":") {
                pointer += 1
                guard at(pointer) != nil else { throw invalid }
            } else if at(pointer) != nil {
                throw invalid
            }
            pieces[pieceIndex] = value
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0, swaps > 0 {
                pieces.swapAt(pieceIndex, compress + swaps - 1)
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            throw invalid
        }
    }

    /// The IPv4 part of `::ffff:1.2.3.4`: four decimal numbers of 0–255 without leading zeros, two pieces.
    private mutating func readIPv4Tail(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, pieceIndex: inout Int
    ) throws(URLParseFailure) {
        let invalid = URLParseFailure.invalidHost("invalid IPv4 part in an IPv6 address")
        var pointer = start
        var numbersSeen = 0
        while pointer < input.count {
            if numbersSeen > 0 {
                guard input[pointer] == UInt8(ascii: "."), numbersSeen < 4 else { throw invalid }
                pointer += 1
            }
            guard pointer < input.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[pointer]) else {
                throw invalid
            }
            var piece: Int?
            while pointer < input.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[pointer]) {
                let number = Int(input[pointer] - UInt8(ascii: "0"))
                if let current = piece {
                    guard current != 0 else { throw invalid }
                    piece = current * 10 + number
                } else {
                    piece = number
                }
                guard piece! <= 255 else { throw invalid }
                pointer += 1
            }
            pieces[pieceIndex] = pieces[pieceIndex] << 8 | UInt16(piece!)
            numbersSeen += 1
            if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
        }
        guard numbersSeen == 4 else { throw invalid }
    }

    /// §3.6: hex pieces separated by `:`, the first longest run of zero pieces (two or more) as `::`.
    var serialized: [UInt8] {
        var compress: Int?
        var longest = 1
        var index = 0
        while index < 8 {
            var end = index
            while end < 8, pieces[end] == 0 { end += 1 }
            if end - index > longest {
                longest = end - index
                compress = index
            }
            index = max(end, index + 1)
        }
        var output = ""
        var ignoreZero = false
        for index in 0..<8 {
            if ignoreZero, pieces[index] == 0 { continue }
            ignoreZero = false
            if compress == index {
                output += index == 0 ? "::" : ":"
                ignoreZero = true
                continue
            }
            output += String(pieces[index], radix: 16)
            if index != 7 { output += ":" }
        }
        return Array(output.utf8)
    }
}
