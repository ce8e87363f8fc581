import ArgumentParser
import TrawlCrawl
import TrawlStore

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the crawl's saved settings without crawling.",
        discussion: """
            A crawl is defined once and saved in its database (table crawl_settings): trawl config with \
            crawl flags saves them (every other setting is saved with its current value, as the first \
            trawl crawl would), and without flags shows them. trawl crawl takes the same flags; a flag given \
            there is saved as well. Set --strip-query here before trawl enqueue, so that seeds are \
            normalized like discovered links.

            --reset NAME (repeatable) forgets a saved setting, so that the next run takes the default. \
            Settings take effect for the next trawl crawl; jobs already queued are not judged again.

            Exit status: 0 on success, 3 on a database error, 64 on bad usage (a --ca-cert file without a \
            PEM certificate included), 66 when the --ca-cert file cannot be read.

            Examples:
              trawl config --db crawl.db
              trawl config --db crawl.db --rate-per-host 2 --limit-per-host 1 --user-agent audit-bot/1.0
              trawl config --db crawl.db --strip-query 'utm_*' --exclude '/(login|logout|cart)'
              trawl config --db crawl.db --reset include --reset exclude
              trawl config --db crawl.db --header 'Accept-Language: en' --robots-agent AuditBot
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup(title: "Crawl settings") var settings: CrawlSettingFlags

    @Option(help: ArgumentHelp("Forget this saved setting (its name without dashes: rate-per-host).",
                                valueName: "NAME"))
    var reset: [String] = []

    @Flag(help: "Print the settings as one JSON object.")
    var json = false

    func validate() throws {
        for name in reset where CrawlSetting(rawValue: name) == nil {
            throw ValidationError("--reset '\(name)' is not a setting; settings: "
                                  + CrawlSetting.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() async throws {
        try await reportingFailures {
            // Showing the settings only reads (a read-only database works); setting them defines a crawl,
            // so it may create the database, as `enqueue` does.
            let store = try database.openStore(settings.explicit.isEmpty && reset.isEmpty ? .read : .create)
            do {
                try CACertificateCheck.check(settings.caCert)
                if !reset.isEmpty {
                    try await SavedSettings.reset(reset.compactMap(CrawlSetting.init(rawValue:)), in: store)
                }
                let explicit = settings.explicit
                let (_, resolution) = try await SavedSettings.resolve(
                    explicit, base: CrawlOptions(), store: store, save: !explicit.isEmpty)
                if let changes = resolution.changesText { printError("changed: \(changes)") }
                let saved = try await SavedSettings.load(from: store)
                print(json ? SettingsRendering.json(saved).text : SettingsRendering.text(saved))
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(error)
            }
        }
    }
}

/// Saved settings as `trawl config` and `trawl status` show them.
enum SettingsRendering {
    /// One `name  value` line per saved setting, or a note that none is saved.
    static func text(_ saved: SettingValues) -> String {
        guard !saved.isEmpty else { return "settings: none saved yet (the first trawl crawl saves them)" }
        let width = saved.keys.map(\.rawValue.count).max() ?? 0
        return saved.sorted { $0.key < $1.key }
            .map { "  " + $0.key.rawValue.padding(width) + "  " + $0.value.description }
            .joined(separator: "\n")
    }

    /// One line for `trawl status`: the saved settings not at their default, as flags.
    static func summary(_ saved: SettingValues) -> String {
        guard !saved.isEmpty else { return "saved settings: none yet (the first trawl crawl saves them)" }
        let resolution = SettingsResolution(defaults: CrawlOptions().settingValues, saved: saved, explicit: [:])
        let flags = resolution.nonDefaultText
        return "saved settings: " + (flags.isEmpty ? "all defaults" : flags) + " (the others at their defaults; "
            + "trawl config lists all)"
    }

    static func json(_ saved: SettingValues) -> JSONValue {
        .object(saved.sorted { $0.key < $1.key }.map { setting, value in
            switch value {
            case .text(let text): (setting.rawValue, .string(text))
            case .list(let items): (setting.rawValue, .array(items.map { .string($0) }))
            }
        })
    }
}
