/// Saved settings that cannot be used, with what to do.
public enum SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value that does not read as its setting's kind (a database edited by hand).
    case invalidValue(CrawlSetting, SettingValue, expected: String)
    /// A saved list that is not a JSON array of strings.
    case unreadableList(CrawlSetting, stored: String)

    public var description: String {
        switch self {
        case .invalidValue(let setting, let value, let expected):
            "the saved setting \(setting.rawValue) = '\(value)' is not \(expected); give \(setting.flag) again "
                + "to replace it"
        case .unreadableList(let setting, let stored):
            "the saved setting \(setting.rawValue) = '\(stored)' is not a JSON array of strings; give "
                + "\(setting.flag) again to replace it"
        }
    }
}
