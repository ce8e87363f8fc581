public import TrawlStore

/// The crawl's saved definition in its database: reading it, merging a run's flags into it, saving it, and
/// recording each run (`crawl_runs`). The CLI's `crawl`, `config`, `enqueue` and `status` go through here.
public enum SavedSettings {
    /// The saved values, by setting. Names this trawl does not know (from a newer trawl) are left alone.
    public static func load(from store: any CrawlStore) async throws -> SettingValues {
        var values = SettingValues()
        for row in try await store.savedSettings() {
            guard let setting = CrawlSetting(rawValue: row.name) else { continue }
            if setting.isList {
                guard let items = JSONText.stringArray(row.value) else {
                    throw SettingsError.unreadableList(setting, stored: row.value)
                }
                values[setting] = .list(items)
            } else {
                values[setting] = .text(row.value)
            }
        }
        return values
    }

    /// The crawl options a run uses: `base` (the defaults, plus what is not a setting: logger, per-run
    /// budgets) with the saved settings and then the explicit ones applied. Saves the result when `save`.
    public static func resolve(
        _ explicit: SettingValues, base: CrawlOptions, store: any CrawlStore, save: Bool
    ) async throws -> (CrawlOptions, SettingsResolution) {
        let saved = try await load(from: store)
        let resolution = SettingsResolution(defaults: CrawlOptions().settingValues, saved: saved, explicit: explicit)
        var options = base
        try options.apply(resolution.effective)
        try LinkScope.validate(options.scope)
        if save, !resolution.toSave.isEmpty {
            try await store.saveSettings(resolution.toSave.reduce(into: [:]) { $0[$1.key.rawValue] = $1.value.stored },
                                         removing: [])
        }
        return (options, resolution)
    }

    /// Deletes saved settings, so that the next run takes their defaults (and saves those).
    public static func reset(_ settings: [CrawlSetting], in store: any CrawlStore) async throws {
        try await store.saveSettings([:], removing: settings.map(\.rawValue))
    }

    /// The line a run prints on standard error: where its settings come from, what they are (those not at
    /// their default), and what it changed.
    public static func report(_ resolution: SettingsResolution, firstRun: String?) -> String {
        var line = "settings: "
        if resolution.isNew {
            line += "new crawl, saved in the database for later runs"
        } else if let firstRun {
            line += "saved (first run \(firstRun))"
        } else {
            line += "saved (no run before this one)"
        }
        let used = resolution.nonDefaultText
        line += used.isEmpty ? "; all defaults" : ": " + used
        if !resolution.isNew { line += "; changed: " + (resolution.changesText ?? "nothing") }
        return line
    }

    /// Starts the run's `crawl_runs` row: every setting it uses, plus its per-run budgets.
    public static func beginRun(
        _ options: CrawlOptions, _ resolution: SettingsResolution, store: any CrawlStore
    ) async throws -> Int64 {
        var pairs = resolution.effective.sorted { $0.key < $1.key }.map { ($0.key.rawValue, $0.value.stored) }
        pairs.append(("max-pages", options.maxPages.map(String.init) ?? "unlimited"))
        pairs.append(("time-limit", options.timeLimit.map { CrawlOptions.number($0) + "s" } ?? "unlimited"))
        return try await store.beginRun(RunStart(settingsJSON: JSONText.object(pairs),
                                                 changed: resolution.changesText))
    }

    /// Ends the run's row with its summary.
    public static func endRun(_ id: Int64, _ summary: CrawlSummary?, error: String? = nil, store: any CrawlStore)
        async throws
    {
        let ending = error.map { "error: \($0)" } ?? summary?.ending.rawValue ?? "error"
        try await store.endRun(id, RunEnd(done: summary?.done ?? 0, failed: summary?.failed ?? 0,
                                          discovered: summary?.discovered ?? 0, ending: ending))
    }
}
