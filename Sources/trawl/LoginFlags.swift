import ArgumentParser
import TrawlCrawl
import TrawlFetch
import TrawlURLs
#if canImport(Glibc)
import Glibc
#endif

extension ExitCode {
    /// The `--cookies` file is not a Netscape cookie file (sysexits' EX_DATAERR).
    static let badCookieFile = ExitCode(65)
}

/// `trawl crawl`'s logins and cookies: given on each run, never saved in the database (a crawl's saved
/// definition holds no secret), never printed (the run says how many, not what).
struct LoginFlags: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Log in to HOST (as trawl stores hosts: example.org, 127.0.0.2:8443) with HTTP Basic or Digest, \
        whichever the server asks for; sent only to that host, never on a redirect to another (repeatable; \
        not saved). Example: --auth example.org=alice:s3cret
        """, valueName: "HOST=USER:PASSWORD"))
    var auth: [String] = []
    @Flag(help: "Read logins from $HOME/.netrc (curl's format: machine, login, password), each sent only to its machine (not saved). Example: --netrc")
    var netrc = false
    @Option(help: ArgumentHelp("Read logins from this .netrc file (implies --netrc; not saved). Example: --netrc-file ~/.netrc-crawl",
                               valueName: "FILE"))
    var netrcFile: String?
    @Option(help: ArgumentHelp("""
        Start the crawl's cookie jar with this Netscape cookie file (what browser export tools and curl -c \
        write); Set-Cookie responses are kept for the run, in memory (not saved). Example: --cookies cookies.txt
        """, valueName: "FILE"))
    var cookies: String?
    @Option(help: ArgumentHelp("""
        At the end of the run, write the cookie jar to this file (Netscape format, mode 0600; never to the \
        database). Example: --save-cookies cookies.txt
        """, valueName: "FILE"))
    var saveCookies: String?

    func validate() throws {
        _ = try credentials()
    }

    /// Credentials by host key; errors name the host, never the password.
    func credentials() throws(ValidationError) -> [String: Credential] {
        var byHost: [String: Credential] = [:]
        for (index, value) in auth.enumerated() {
            guard let equals = value.firstIndex(of: "=") else {
                throw ValidationError("--auth (the \(Self.ordinal(index + 1)) one) is not HOST=USER:PASSWORD")
            }
            let hostText = String(value[..<equals])
            let login = value[value.index(after: equals)...]
            guard let colon = login.firstIndex(of: ":"), colon != login.startIndex else {
                throw ValidationError("--auth '\(hostText)=…' has no USER:PASSWORD after the '='")
            }
            let host = try Self.hostKey(hostText)
            guard byHost[host] == nil else { throw ValidationError("--auth gives host \(host) twice") }
            byHost[host] = Credential(user: String(login[..<colon]), password: String(login[login.index(after: colon)...]))
        }
        return byHost
    }

    /// The host as trawl stores it (lower case, IDNA, the port unless it is the scheme's default).
    static func hostKey(_ text: String) throws(ValidationError) -> String {
        let why = "--auth '\(text)=…': HOST must be written as trawl stores hosts (example.org, 127.0.0.2:8443)"
        guard !text.isEmpty, !text.contains(where: { "/@?#".contains($0) }),
              let url = try? NormalizedURL(parsing: "http://\(text)/") else { throw ValidationError(why) }
        if text.hasSuffix(":80") || text.hasSuffix(":443") {
            throw ValidationError(why + ", without the scheme's default port")
        }
        return url.hostKey
    }

    /// The crawl options with this run's logins and cookies, the files read and checked: a missing or
    /// unreadable file exits 66, a cookie file that is not one 65, a --save-cookies file that could not be
    /// written 74.
    func applied(to options: CrawlOptions) throws(CommandFailure) -> CrawlOptions {
        var options = options
        do {
            options.connector.logins.byHost = try credentials()
        } catch {
            throw CommandFailure(message: error.message, exitCode: .validationFailure)
        }
        if let netrcFile {
            try Self.checkReadable(netrcFile, flag: "--netrc-file")
            options.connector.logins.netrc = .file(netrcFile)
        } else if netrc {
            let home = getenv("HOME").map { String(cString: $0) } ?? ""
            try Self.checkReadable(home + "/.netrc", flag: "--netrc")
            options.connector.logins.netrc = .home
        }
        if let cookies {
            do {
                options.connector.cookies = StartingCookies(lines: try CookieFile.read(cookies))
            } catch {
                if case .malformed = error { throw CommandFailure(message: "--cookies: \(error)", exitCode: .badCookieFile) }
                throw CommandFailure(message: "--cookies: \(error)", exitCode: .noInput)
            }
        }
        if let saveCookies {
            do {
                try CookieFile.checkWritable(saveCookies)
            } catch {
                throw CommandFailure(message: "--save-cookies: \(error)", exitCode: .cannotWriteOutput)
            }
            options.saveCookies = saveCookies
        }
        return options
    }

    /// The line a run prints about them, or nil when none was given:
    /// `logins (this run only, not saved): credentials for 2 hosts; cookies: 3 from cookies.txt`.
    func report(_ options: CrawlOptions) -> String? {
        var parts: [String] = []
        let logins = options.connector.logins
        if !logins.isEmpty { parts.append(logins.description) }
        if let cookies { parts.append("cookies: \(options.connector.cookies) from \(cookies)") }
        if let saveCookies { parts.append("cookie jar written to \(saveCookies) at the end") }
        return parts.isEmpty ? nil : "logins and cookies (this run only, not saved): " + parts.joined(separator: "; ")
    }

    private static func checkReadable(_ path: String, flag: String) throws(CommandFailure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CommandFailure(message: "\(flag): cannot read \(path): \(String(cString: strerror(errno)))",
                                 exitCode: .noInput)
        }
        close(descriptor)
    }

    private static func ordinal(_ number: Int) -> String {
        switch number {
        case 1: "first"
        case 2: "second"
        case 3: "third"
        default: "\(number)th"
        }
    }
}
