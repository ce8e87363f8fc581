import Testing
@testable import TrawlCrawl

@Suite("Settings: defaults < saved < explicit")
struct SettingsResolutionTests {
    static let defaults = CrawlOptions().settingValues

    @Test("a first run saves every setting; nothing counts as changed")
    func firstRun() {
        let resolution = SettingsResolution(defaults: Self.defaults, saved: [:],
                                            explicit: [.ratePerHost: .text("2"), .follow: .text("domain")])
        #expect(resolution.isNew && resolution.changes.isEmpty)
        #expect(resolution.toSave.count == CrawlSetting.allCases.count)
        #expect(resolution.effective[.ratePerHost] == .text("2") && resolution.effective[.workers] == .text("64"))
        #expect(resolution.nonDefaultText == "--rate-per-host 2 --follow domain")
    }

    @Test("a later run with no flags uses the saved values and saves nothing")
    func resumeWithNoFlags() {
        var saved = Self.defaults
        saved[.ratePerHost] = .text("2")
        saved[.userAgent] = .text("audit-bot/1.0")
        saved[.exclude] = .list(["/cart"])
        let resolution = SettingsResolution(defaults: Self.defaults, saved: saved, explicit: [:])
        #expect(!resolution.isNew && resolution.changes.isEmpty && resolution.toSave.isEmpty)
        #expect(resolution.effective == saved)
        #expect(resolution.changesText == nil)
    }

    @Test("an explicit flag overrides the saved value, is reported as a change and saved")
    func override() {
        var saved = Self.defaults
        saved[.ratePerHost] = .text("2")
        let resolution = SettingsResolution(
            defaults: Self.defaults, saved: saved,
            explicit: [.ratePerHost: .text("5"), .workers: .text("64"), .include: .list(["^https://a\\.org/"])])
        #expect(resolution.changesText == "--rate-per-host 2 → 5, --include [] → [^https://a\\.org/]")
        #expect(resolution.toSave == [.ratePerHost: .text("5"), .workers: .text("64"),
                                      .include: .list(["^https://a\\.org/"])])
        #expect(resolution.effective[.ratePerHost] == .text("5"))
    }

    @Test("a setting missing from the database (newer than it) is saved with the value used")
    func newSettingIsSaved() {
        var saved = Self.defaults
        saved[.checkExternal] = nil
        let resolution = SettingsResolution(defaults: Self.defaults, saved: saved, explicit: [:])
        #expect(resolution.toSave == [.checkExternal: .text("false")])
    }

    @Test("options round-trip through setting values; a bad saved value names the setting")
    func optionsRoundTrip() throws {
        var options = CrawlOptions()
        options.connector.ratePerHost = 2.5
        options.maxDepth = nil
        options.scope.stripQuery = ["utm_*", "a\"b"]
        options.scope.maxPagesPerHost = 10
        options.connector.forceClose = true
        var back = CrawlOptions()
        try back.apply(options.settingValues)
        #expect(back.settingValues == options.settingValues)
        #expect(back.connector.ratePerHost == 2.5 && back.maxDepth == nil && back.scope.maxPagesPerHost == 10)
        #expect(throws: SettingsError.invalidValue(.ratePerHost, .text("fast"), expected: "a number")) {
            try back.apply([.ratePerHost: .text("fast")])
        }
    }

    @Test("lists are stored as JSON arrays that read back", arguments: [
        [], ["utm_*"], ["a\"b", "c\\d", "tab\there", "é→"], ["[x]", ","],
    ])
    func jsonLists(items: [String]) {
        #expect(JSONText.stringArray(JSONText.array(items)) == items)
    }

    @Test("the run's settings line says where they come from and what changed")
    func reportLine() {
        var saved = Self.defaults
        saved[.ratePerHost] = .text("2")
        let resolution = SettingsResolution(defaults: Self.defaults, saved: saved, explicit: [.ratePerHost: .text("5")])
        #expect(SavedSettings.report(resolution, firstRun: "2026-11-30T10:02:00.000Z")
                == "settings: saved (first run 2026-11-30T10:02:00.000Z): --rate-per-host 5; changed: --rate-per-host 2 → 5")
    }
}
