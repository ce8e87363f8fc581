import TrawlSync
#if canImport(Glibc)
import Glibc
#endif

/// Standard error, shared by the live status line and log lines.
///
/// On a terminal the status line is redrawn in place (carriage return, then "erase line", ESC [ K); a log
/// line first erases it, and the next redraw puts it back under the log line. Off a terminal (a pipe, a
/// file, `nohup`, CI, or TERM=dumb) there is no status line and never an escape code.
final class Console: Sendable {
    /// Whether standard error is a terminal that understands the erase-line escape.
    let isTerminal: Bool
    /// Whether a status line is on screen now.
    private let statusShown = ThreadLock(false)

    private static let eraseLine = "\r\u{1B}[K"

    init() {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        isTerminal = isatty(STDERR_FILENO) == 1 && term != "dumb"
    }

    /// Draws `line` as the status line, cut to the terminal's width so that it never wraps (a wrapped line
    /// cannot be redrawn in place). Does nothing off a terminal.
    func showStatus(_ line: String) {
        guard isTerminal else { return }
        let width = max(Self.columns() - 1, 10)
        let fitted = line.count > width ? String(line.prefix(width - 1)) + "…" : line
        statusShown.withLock { shown in
            Self.writeAll(Self.eraseLine + fitted)
            shown = true
        }
    }

    /// Erases the status line, if one is shown.
    func clearStatus() {
        statusShown.withLock { shown in
            if shown { Self.writeAll(Self.eraseLine) }
            shown = false
        }
    }

    /// Writes `text` (whole lines) below the status line's place: the status line is erased first.
    func write(_ text: String) {
        statusShown.withLock { shown in
            Self.writeAll(shown ? Self.eraseLine + text : text)
            shown = false
        }
    }

    /// The terminal's width in columns (`ioctl(TIOCGWINSZ)`), else $COLUMNS, else 80.
    private static func columns() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return getenv("COLUMNS").flatMap { Int(String(cString: $0)) } ?? 80
    }

    private static func writeAll(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// Lets swift-log's `StreamLogHandler` write through the console, so that log lines and the status line
/// never garble each other.
struct ConsoleLogStream: TextOutputStream, Sendable {
    let console: Console
    mutating func write(_ string: String) { console.write(string) }
}
