import TrawlCrawl

/// Saved settings are held to the same ranges as the flags that set them: a value edited by hand into the
/// database (`UPDATE crawl_settings SET value = '100000000' WHERE name = 'workers'`) must not size memory or
/// trap arithmetic any more than the flag could. Checked on the settings a run resolves, before it starts.
enum SavedSettingRanges {
    /// Each numeric setting's check: the flag's own transform.
    private static let checks: [CrawlSetting: @Sendable (String) throws -> Void] = [
        .workers: { _ = try FlagRanges.workers.parse($0) },
        .limit: { _ = try FlagRanges.limit.parse($0) },
        .limitPerHost: { _ = try FlagRanges.limitPerHost.parse($0) },
        .ratePerHost: { _ = try FlagRanges.ratePerHost.parse($0) },
        .connectTimeout: { _ = try FlagRanges.connectTimeout.parse($0) },
        .timeout: { _ = try FlagRanges.timeout.parse($0) },
        .keepaliveTimeout: { _ = try FlagRanges.keepaliveTimeout.parse($0) },
        .maxBytes: { _ = try FlagRanges.maxBytes.parse($0) },
        .retries: { _ = try FlagRanges.retries.parse($0) },
        .retryDelay: { _ = try FlagRanges.retryDelay.parse($0) },
        .maxDepth: { _ = try CountOrUnlimited.parser(FlagRanges.maxDepth)($0) },
        .maxPagesPerHost: { _ = try CountOrUnlimited.parser(FlagRanges.maxPagesPerHost)($0) },
        .maxPathSegments: { _ = try FlagRanges.maxPathSegments.parse($0) },
        .maxSegmentRepeats: { _ = try FlagRanges.maxSegmentRepeats.parse($0) },
        .recrawlInterval: { _ = try FlagRanges.recrawlInterval.parse($0) },
    ]

    /// Throws a database error naming the first setting out of its flag's range and how to replace it.
    static func check(_ options: CrawlOptions) throws(CommandFailure) {
        for (setting, value) in options.settingValues.sorted(by: { $0.key < $1.key }) {
            guard let check = checks[setting], case .text(let text) = value else { continue }
            do {
                try check(text)
            } catch {
                throw CommandFailure(
                    message: "the saved setting \(setting.rawValue) = '\(text)' is \(error); give \(setting.flag) "
                        + "again to replace it", exitCode: .databaseError)
            }
        }
    }
}
