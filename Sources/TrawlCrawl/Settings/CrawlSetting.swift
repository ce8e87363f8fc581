/// Every setting that defines a crawl and is saved in the database (`crawl_settings`): named like its flag
/// of `trawl crawl` / `trawl config`, without the dashes. Per-run budgets (`--max-pages`, `--time-limit`)
/// and how much a run prints are not settings of the crawl, and are not saved.
///
/// To add a setting: a case here, its rendering and parsing in `CrawlOptions+Settings.swift`, and its flag
/// in the CLI's `CrawlSettingFlags`.
public enum CrawlSetting: String, CaseIterable, Sendable, Comparable {
    case workers
    case limit
    case limitPerHost = "limit-per-host"
    case ratePerHost = "rate-per-host"
    case connectTimeout = "connect-timeout"
    case timeout
    case keepaliveTimeout = "keepalive-timeout"
    case forceClose = "force-close"
    case maxBytes = "max-bytes"
    case userAgent = "user-agent"
    // What every request carries (issue 11); logins and cookies are per run, never saved.
    case robotsAgent = "robots-agent"
    case header
    case retries
    case retryDelay = "retry-delay"
    case ignoreRobots = "ignore-robots"
    case allowPrivate = "allow-private"
    // HTTPS and HTTP/2 (issue 11).
    case caCert = "ca-cert"
    case insecure
    case http11 = "http1.1"
    // The crawl's scope: which links become jobs.
    case follow
    case maxDepth = "max-depth"
    case include
    case exclude
    case stripQuery = "strip-query"
    case maxPagesPerHost = "max-pages-per-host"
    case maxPathSegments = "max-path-segments"
    case maxSegmentRepeats = "max-segment-repeats"
    case checkExternal = "check-external"
    case ignoreNofollow = "ignore-nofollow"
    // Proxies (issue 11): `proxy` is saved without the URL's credentials, which are never saved.
    case proxy
    case noProxy = "no-proxy"
    // Re-crawls: a finished page comes due again after this many seconds (0: never).
    case recrawlInterval = "recrawl-interval"

    /// The flag as typed: `--rate-per-host`.
    public var flag: String { "--" + rawValue }

    /// Repeatable flags hold a list, saved as a JSON array of strings.
    public var isList: Bool { self == .include || self == .exclude || self == .stripQuery || self == .header }

    /// Settings that decide which links become jobs. Like all settings they change only when given
    /// explicitly; jobs already queued are not judged again (`trawl remove` drops some on request).
    public var definesScope: Bool {
        switch self {
        case .follow, .maxDepth, .include, .exclude, .stripQuery, .maxPagesPerHost, .maxPathSegments,
             .maxSegmentRepeats, .checkExternal, .ignoreNofollow: true
        default: false
        }
    }

    public static func < (lhs: CrawlSetting, rhs: CrawlSetting) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A setting's value as the command line gives it: one text, or the texts of a repeatable flag.
public enum SettingValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case list([String])

    /// As shown in messages: `2`, `audit-bot/1.0`, `[utm_*, sessionid]`.
    public var description: String {
        switch self {
        case .text(let text): text
        case .list(let items): "[" + items.joined(separator: ", ") + "]"
        }
    }

    /// As stored in `crawl_settings.value`.
    var stored: String {
        switch self {
        case .text(let text): text
        case .list(let items): JSONText.array(items)
        }
    }
}

/// One value per setting.
public typealias SettingValues = [CrawlSetting: SettingValue]
