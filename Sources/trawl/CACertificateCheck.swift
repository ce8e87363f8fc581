import ArgumentParser
import Foundation
import TrawlCrawl
import TrawlFetch

/// `--ca-cert FILE` as the CLI takes it: made absolute when given (a saved crawl is resumed from anywhere),
/// and checked before any crawl starts, the saved value included, so that a missing or wrong file is one
/// clear error, not a "TLS" failure on every https:// page.
enum CACertificateCheck {
    /// The option's transform: `none` as it is, any other path made absolute against the working directory.
    static let absolutePath: @Sendable (String) throws -> String = { argument in
        if argument == CrawlOptions.noCACertificates { return argument }
        guard !argument.isEmpty else { throw FlagValueError("--ca-cert needs a file name (or none)") }
        if argument.hasPrefix("/") { return argument }
        return URL(fileURLWithPath: argument, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }

    /// Throws when `path` (nil: none) cannot be read as PEM CA certificates: exit 66 when the file cannot be
    /// read, 64 when it holds no certificate.
    static func check(_ path: String?) throws(CommandFailure) {
        guard let path, path != CrawlOptions.noCACertificates else { return }
        do {
            _ = try CACertificateFile.read(path)
        } catch .missing(let path, let reason) {
            throw CommandFailure(message: CACertificateError.missing(path: path, reason: reason).description,
                                 exitCode: .noInput)
        } catch {
            throw CommandFailure(message: error.description, exitCode: .validationFailure)
        }
    }

    /// The warning `--insecure` prints on every run that uses it.
    static let insecureWarning = "trawl: warning: --insecure: TLS certificates and host names are not checked, so "
        + "any server can pose as the sites crawled (saved; --no-insecure checks them again)"
}
