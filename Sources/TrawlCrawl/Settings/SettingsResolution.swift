/// Merges a crawl's settings: defaults < saved < given explicitly, and says what changed.
///
/// A flag given explicitly overrides the saved value and is saved in turn; a flag not given takes the saved
/// value, or the default when nothing is saved. Settings missing from the database (a first run, or a
/// setting newer than the database) are saved with the value used, so that the crawl's definition stays
/// fixed even when a later trawl changes a default.
public struct SettingsResolution: Sendable, Equatable {
    /// Every setting's value for this run.
    public let effective: SettingValues
    /// Explicit values that differ from what was saved (or, when nothing was, from the default).
    public let changes: [SettingChange]
    /// Whether the database held no saved settings before.
    public let isNew: Bool
    /// What to write to `crawl_settings`: explicit values, and settings not saved before.
    public let toSave: SettingValues
    /// The defaults, to tell which settings a run changed from them.
    private let defaults: SettingValues

    public init(defaults: SettingValues, saved: SettingValues, explicit: SettingValues) {
        var effective = defaults
        for (setting, value) in saved { effective[setting] = value }
        var changes: [SettingChange] = []
        for (setting, value) in explicit.sorted(by: { $0.key < $1.key }) {
            let before = effective[setting]
            if let before, before != value, !saved.isEmpty {
                changes.append(SettingChange(setting: setting, from: before, to: value))
            }
            effective[setting] = value
        }
        var toSave = explicit
        for setting in CrawlSetting.allCases where saved[setting] == nil {
            toSave[setting] = effective[setting]
        }
        self.effective = effective
        self.changes = changes
        self.isNew = saved.isEmpty
        self.toSave = toSave
        self.defaults = defaults
    }

    /// The settings whose value is not the default, in flag order: what a run says it uses.
    public var nonDefault: [(CrawlSetting, SettingValue)] {
        effective.filter { defaults[$0.key] != $0.value }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `--follow domain --include '^https://a\.org/' --rate-per-host 2`
    public var nonDefaultText: String {
        nonDefault.map { Self.flagText($0.0, $0.1) }.joined(separator: " ")
    }

    /// `--rate-per-host 2 → 5, --user-agent trawl/0.1 → audit-bot/1.0`
    public var changesText: String? {
        changes.isEmpty ? nil : changes.map(\.description).joined(separator: ", ")
    }

    /// A setting as flags: a list as its flag repeated, a true switch as the bare flag.
    static func flagText(_ setting: CrawlSetting, _ value: SettingValue) -> String {
        switch value {
        case .list(let items) where items.isEmpty: "\(setting.flag) (none)"
        case .list(let items): items.map { "\(setting.flag) \(ShellWord.quoted($0))" }.joined(separator: " ")
        case .text("true"): setting.flag
        case .text("false"): "--no-" + setting.rawValue
        case .text(let text): "\(setting.flag) \(ShellWord.quoted(text))"
        }
    }
}

/// One setting a run changed: `--rate-per-host 2 → 5`.
public struct SettingChange: Sendable, Equatable, CustomStringConvertible {
    public let setting: CrawlSetting
    public let from: SettingValue
    public let to: SettingValue

    /// An empty value (a cleared `--proxy`) shows as `''`.
    public var description: String {
        func shown(_ value: SettingValue) -> String { value == .text("") ? "''" : value.description }
        return "\(setting.flag) \(shown(from)) → \(shown(to))"
    }
}

/// Quoting for values shown as shell words, so that a logged line can be pasted back.
enum ShellWord {
    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || "-_./:=,@%+".unicodeScalars.contains($0)
        }
        return plain && !word.isEmpty ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
