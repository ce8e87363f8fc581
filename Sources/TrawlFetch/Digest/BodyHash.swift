/// The body hash of a page, stored per page (`page_versions.body_hash`) and per fetch (`fetches.body_hash`):
/// the first 8 bytes of the SHA-256 of the body after Content-Encoding is undone, as a signed 64-bit integer
/// (big-endian), so that SQLite stores it in 8 bytes and compares it as a number.
///
/// 64 bits make an accidental match negligible: telling two versions of one page apart fails with
/// probability 2^-64 per comparison, and even among a billion distinct bodies the chance of any two sharing a
/// value is about 3%, which matters for nothing trawl does (it compares versions of the same URL).
/// `printf '%016x' <value>` gives the first 16 hex digits `sha256sum` prints for the same body.
public enum BodyHash {
    public static func of<Bytes: Collection<UInt8>>(_ body: Bytes) -> Int64 {
        let digest = SHA256.digest(body)
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int64(bitPattern: value)
    }
}
