import TrawlCrawl

/// A flag whose value is a duration as users type it (`90s`, `30m`, `12h`, `7d`, `1h30m`, plain seconds) or
/// `off`, held to a `FlagRange` of seconds whose special value 0 means off.
enum DurationFlag {
    static let offWords: Set<String> = ["off", "none", "0"]

    /// The option's transform: seconds (0 for off), or an error naming the accepted forms and the range.
    static func parser(_ range: FlagRange<Double>) -> @Sendable (String) throws -> Double {
        { argument in
            if offWords.contains(argument.lowercased()) { return 0 }
            guard let seconds = DurationText.seconds(argument) else {
                throw FlagValueError("expected a duration such as 90s, 30m, 12h or 7d, or off")
            }
            return try range.parse(CrawlOptions.number(seconds))
        }
    }
}
