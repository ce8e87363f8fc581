import TrawlFetch
import TrawlRobots
import TrawlURLs
import TrawlFetch

/// `CrawlOptions` to and from setting values: the one place that knows how each setting is written, so that
/// defaults (`CrawlOptions()`), saved values and flags are compared in the same form.
extension CrawlOptions {
    /// Every setting's value in these options.
    public var settingValues: SettingValues {
        var values = SettingValues()
        for setting in CrawlSetting.allCases { values[setting] = value(of: setting) }
        return values
    }

    private func value(of setting: CrawlSetting) -> SettingValue {
        switch setting {
        case .workers: .text(String(workers))
        case .limit: .text(String(connector.limit))
        case .limitPerHost: .text(String(connector.limitPerHost))
        case .ratePerHost: .text(Self.number(connector.ratePerHost ?? 0))
        case .connectTimeout: .text(Self.number(connector.connectTimeout))
        case .timeout: .text(Self.number(connector.timeout))
        case .keepaliveTimeout: .text(Self.number(connector.keepaliveTimeout))
        case .forceClose: .text(String(connector.forceClose))
        case .maxBytes: .text(String(connector.maxBytes))
        case .userAgent: .text(connector.userAgent)
        case .robotsAgent: .text(robotsAgent ?? Self.robotsAgentFromUserAgent)
        case .header: .list(connector.headers.map(\.description))
        case .retries: .text(String(retries))
        case .retryDelay: .text(Self.number(retryDelay))
        case .ignoreRobots: .text(String(ignoreRobots))
        case .allowPrivate: .text(String(allowPrivate))
        case .caCert: .text(connector.tls.caCertificates ?? Self.noCACertificates)
        case .insecure: .text(String(!connector.tls.verifyCertificates))
        case .http11: .text(String(connector.httpVersion == .http1_1))
        case .follow: .text(follow.rawValue)
        case .maxDepth: .text(maxDepth.map(String.init) ?? "unlimited")
        case .include: .list(scope.include)
        case .exclude: .list(scope.exclude)
        case .stripQuery: .list(scope.stripQuery)
        case .maxPagesPerHost: .text(scope.maxPagesPerHost.map(String.init) ?? "unlimited")
        case .maxPathSegments: .text(String(scope.maxPathSegments))
        case .maxSegmentRepeats: .text(String(scope.maxSegmentRepeats))
        case .checkExternal: .text(String(scope.checkExternal))
        case .ignoreNofollow: .text(String(ignoreNofollow))
        case .proxy: .text(connector.proxy?.redacted ?? "")
        case .noProxy: .text(connector.noProxy ?? "")
        case .recrawlInterval: .text(Self.number(recrawlInterval ?? 0))
        }
    }

    /// Sets every setting in `values`; throws naming the setting whose value cannot be read.
    public mutating func apply(_ values: SettingValues) throws(SettingsError) {
        for (setting, value) in values.sorted(by: { $0.key < $1.key }) { try apply(setting, value) }
    }

    private mutating func apply(_ setting: CrawlSetting, _ value: SettingValue) throws(SettingsError) {
        func text() throws(SettingsError) -> String {
            guard case .text(let text) = value else { throw .invalidValue(setting, value, expected: "one value") }
            return text
        }
        func list() throws(SettingsError) -> [String] {
            guard case .list(let items) = value else { throw .invalidValue(setting, value, expected: "a list") }
            return items
        }
        func int() throws(SettingsError) -> Int {
            guard let number = Int(try text()) else { throw .invalidValue(setting, value, expected: "a whole number") }
            return number
        }
        func double() throws(SettingsError) -> Double {
            guard let number = Double(try text()), number.isFinite else {
                throw .invalidValue(setting, value, expected: "a number")
            }
            return number
        }
        func bool() throws(SettingsError) -> Bool {
            guard let flag = Bool(try text()) else { throw .invalidValue(setting, value, expected: "true or false") }
            return flag
        }
        func unlimitedOrInt() throws(SettingsError) -> Int? {
            let text = try text()
            if Self.unlimitedWords.contains(text.lowercased()) { return nil }
            guard let number = Int(text), number >= 0 else {
                throw .invalidValue(setting, value, expected: "a whole number or 'unlimited'")
            }
            return number
        }
        switch setting {
        case .workers: workers = try int()
        case .limit: connector.limit = try int()
        case .limitPerHost: connector.limitPerHost = try int()
        case .ratePerHost:
            let rate = try double()
            connector.ratePerHost = rate > 0 ? rate : nil
        case .connectTimeout: connector.connectTimeout = try double()
        case .timeout: connector.timeout = try double()
        case .keepaliveTimeout: connector.keepaliveTimeout = try double()
        case .forceClose: connector.forceClose = try bool()
        case .maxBytes: connector.maxBytes = try int()
        case .userAgent: connector.userAgent = try text()
        case .robotsAgent:
            let token = try text()
            guard token == Self.robotsAgentFromUserAgent || UserAgentToken.isValid(token) else {
                throw .invalidValue(setting, value, expected: "a robots.txt product token (letters, digits, - and _)")
            }
            robotsAgent = token == Self.robotsAgentFromUserAgent ? nil : token
        case .header:
            var headers: [RequestHeader] = []
            for line in try list() {
                do {
                    headers.append(try RequestHeader(parsing: line))
                } catch {
                    throw .invalidValue(setting, value, expected: "a list of headers to send (\(error))")
                }
            }
            connector.headers = headers
        case .retries: retries = try int()
        case .retryDelay: retryDelay = try double()
        case .ignoreRobots: ignoreRobots = try bool()
        case .allowPrivate: allowPrivate = try bool()
        case .caCert:
            let path = try text()
            connector.tls.caCertificates = path == Self.noCACertificates ? nil : path
        case .insecure: connector.tls.verifyCertificates = !(try bool())
        case .http11: connector.httpVersion = try bool() ? .http1_1 : .http2
        case .follow:
            guard let scope = FollowScope(rawValue: try text()) else {
                throw .invalidValue(setting, value, expected: "none, host, domain or all")
            }
            follow = scope
        case .maxDepth: maxDepth = try unlimitedOrInt()
        case .include: scope.include = try list()
        case .exclude: scope.exclude = try list()
        case .stripQuery: scope.stripQuery = try list()
        case .maxPagesPerHost: scope.maxPagesPerHost = try unlimitedOrInt()
        case .maxPathSegments: scope.maxPathSegments = try int()
        case .maxSegmentRepeats: scope.maxSegmentRepeats = try int()
        case .checkExternal: scope.checkExternal = try bool()
        case .ignoreNofollow: ignoreNofollow = try bool()
        case .proxy:
            // Empty: none given, the environment's proxy applies. The saved URL has no credentials: a run
            // that gives --proxy with them puts them back (`CrawlCommand`).
            let text = try text()
            do {
                connector.proxy = text.isEmpty ? nil : try ProxyURL(parsing: text, origin: "saved --proxy")
            } catch {
                throw .invalidValue(setting, .text(ProxyURL.redacting(text)),
                                    expected: "a proxy URL such as http://127.0.0.1:3128")
            }
        case .noProxy:
            let text = try text()
            connector.noProxy = text.isEmpty ? nil : text
        case .recrawlInterval:
            let seconds = try double()
            recrawlInterval = seconds > 0 ? seconds : nil
        }
    }

    /// The saved value of `robots-agent` when none was given: the User-Agent's product token applies. Not a
    /// token itself (it holds spaces), so that it can never be mistaken for one.
    public static let robotsAgentFromUserAgent = "(from --user-agent)"
    /// The `ca-cert` setting's value when no file is given (`--ca-cert none` forgets a saved one). Saved
    /// paths are absolute, so no file is confused with it.
    public static let noCACertificates = "none"

    /// Words `--max-depth` and `--max-pages-per-host` accept for "no bound".
    public static let unlimitedWords: Set<String> = ["unlimited", "none", "inf"]

    /// `2`, not `2.0`; `0.5` as it is.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
