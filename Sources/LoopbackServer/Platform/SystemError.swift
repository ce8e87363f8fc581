internal import Glibc

/// The `errno` of a failed C call, with the call's name, before it is turned into a user-facing error.
struct SystemError: Error {
    let function: String
    let code: Int32

    /// Captures `errno` right after `function` failed, before another call can overwrite it.
    init(_ function: String, code: Int32 = errno) {
        self.function = function
        self.code = code
    }

    /// `strerror(3)` text, e.g. "Address already in use".
    var message: String { String(cString: strerror(code)) }
}
