#if canImport(Glibc)
import Glibc
#endif

/// Reads an open file to its end in 64 KiB chunks, for the CA files the trust store hands to curl.
/// Returns nil on a read error. Stops once more than `limit` bytes are read, so a caller that bounds the size
/// sees a result longer than `limit`.
func readToEnd(_ file: UnsafeMutablePointer<FILE>, limit: Int = .max) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while bytes.count <= limit {
        let count = fread(&chunk, 1, chunk.count, file)
        bytes += chunk[0..<count]
        if count < chunk.count { break }
    }
    return ferror(file) == 0 ? bytes : nil
}
