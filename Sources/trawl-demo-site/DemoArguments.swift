/// The command line, parsed by hand: this target has no argument-parser dependency.
struct DemoArguments: Equatable {
    var address = "127.0.0.1"
    var port: UInt16 = 8731
    var pages = 300
    /// Also serve /hostile/: pages that hang, trickle, reset, bomb and loop.
    var hostile = false

    static let usage = """
        usage: trawl-demo-site [--address 127.0.0.1] [--port 8731] [--pages 300] [--hostile]

        Serves a deterministic generated website on a loopback address until SIGINT or SIGTERM,
        for an offline demo crawl. --port 0 picks a free port; --pages is 1...100000. --hostile also serves
        /hostile/: pages that hang, trickle, reset, lie, bomb and loop, for watching trawl survive them.
        """

    enum Problem: Error, Equatable, CustomStringConvertible {
        case helpRequested
        case unknownOption(String)
        case missingValue(option: String)
        case invalidValue(option: String, value: String, expected: String)

        var description: String {
            switch self {
            case .helpRequested: "help requested"
            case .unknownOption(let option): "unknown option '\(option)'"
            case .missingValue(let option): "option '\(option)' needs a value"
            case .invalidValue(let option, let value, let expected):
                "invalid value '\(value)' for '\(option)': expected \(expected)"
            }
        }
    }

    /// Parses the arguments after the program name; accepts `--name value` and `--name=value`.
    static func parse(_ arguments: [String]) throws(Problem) -> DemoArguments {
        var parsed = DemoArguments()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "-h" || argument == "--help" { throw .helpRequested }
            if argument == "--hostile" { parsed.hostile = true; continue }
            let (option, inlineValue) = split(argument)
            guard ["--address", "--port", "--pages"].contains(option) else { throw .unknownOption(argument) }
            guard let value = inlineValue ?? remaining.popFirst() else { throw .missingValue(option: option) }
            switch option {
            case "--address":
                parsed.address = value
            case "--port":
                guard let port = UInt16(value) else {
                    throw .invalidValue(option: option, value: value, expected: "a port number 0...65535")
                }
                parsed.port = port
            default:
                guard let pages = Int(value), (1...100_000).contains(pages) else {
                    throw .invalidValue(option: option, value: value, expected: "a page count 1...100000")
                }
                parsed.pages = pages
            }
        }
        return parsed
    }

    private static func split(_ argument: String) -> (option: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
