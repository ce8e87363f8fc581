import ArgumentParser
import TrawlCrawl
import TrawlFetch

/// What `trawl crawl` does with the proxy once the saved settings are merged: puts back the credentials of
/// a `--proxy` given now (the saved URL never has any), checks the environment's proxy variables, and
/// says once which proxy the run uses — never with its credentials.
enum ProxyAnnouncement {
    /// The line to print ("via proxy http://127.0.0.1:8888 (from --proxy)"), nil when the run uses no proxy.
    /// Throws (exit 64) when a proxy variable of the environment is not a proxy URL trawl can use.
    static func prepare(_ options: inout CrawlOptions, flags: CrawlSettingFlags) throws -> String? {
        let fromSavedSetting = flags.proxyURL == nil && options.connector.proxy != nil
        if let given = flags.proxyURL {
            options.connector.proxy = given
            options.connector.proxySource = "--proxy"
        } else if fromSavedSetting {
            options.connector.proxySource = "saved --proxy"
        }
        let routes: ProxyRoutes
        do {
            routes = try options.connector.proxyRoutes()
        } catch {
            throw CommandFailure(message: error.description, exitCode: .validationFailure)
        }
        guard var line = routes.summary else { return nil }
        if fromSavedSetting {
            line += "; credentials are never saved: if the proxy needs them, give --proxy with them again"
        }
        return line
    }
}
