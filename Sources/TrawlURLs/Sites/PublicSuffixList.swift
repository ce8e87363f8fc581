internal import CPSL

/// The Public Suffix List (https://publicsuffix.org), loaded once through libpsl, ICANN and private
/// sections both, as browsers use it for cookies and "same site".
///
/// Which copy: `psl_latest` with Debian's file, `/usr/share/publicsuffix/public_suffix_list.dat` (the
/// `publicsuffix` package, updated with the system), which loads the newest of that file, libpsl's own
/// distribution file and the list compiled into libpsl, by modification time; when none loads (the file
/// missing and no distribution file) the compiled-in list (`psl_builtin`) is used. A current list matters:
/// suffixes are added every month.
///
/// The context is only read after loading, which libpsl allows from any thread, hence `@unchecked Sendable`.
final class PublicSuffixList: @unchecked Sendable {
    static let systemFile = "/usr/share/publicsuffix/public_suffix_list.dat"
    static let shared = PublicSuffixList()

    private let context: OpaquePointer?
    /// Whether `context` came from `psl_latest` (and so is freed here) rather than `psl_builtin`.
    private let ownsContext: Bool

    private init() {
        if let latest = psl_latest(Self.systemFile) {
            context = latest
            ownsContext = true
        } else {
            context = psl_builtin()
            ownsContext = false
        }
    }

    deinit {
        if ownsContext { psl_free(context) }
    }

    /// The registrable domain of `hostname` (lower-case ASCII, `xn--` labels): the public suffix plus one
    /// label (`psl_registrable_domain`); nil when the name is itself a public suffix (`co.uk`, `github.io`)
    /// or no list could be loaded.
    func registrableDomain(of hostname: String) -> String? {
        guard let context else { return nil }
        return hostname.withCString { name -> String? in
            guard let found = psl_registrable_domain(context, name) else { return nil }
            return String(cString: found)
        }
    }
}
