internal import Glibc

/// Output for the demo-site process. Standard output carries only the "serving …" line, flushed at
/// once because scripts read it from a pipe to learn the URL; messages go to standard error.
enum Console {
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }

    static func error(_ text: String) {
        let message = "trawl-demo-site: \(text)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
    }
}
