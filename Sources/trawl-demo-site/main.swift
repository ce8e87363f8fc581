// trawl-demo-site: serves a deterministic generated website on loopback for the README's offline
// demo crawl, until SIGINT or SIGTERM. Exit status: 0 after a signal, 1 if it cannot serve, 2 for
// bad arguments.
internal import Glibc
import LoopbackServer

let arguments: DemoArguments
do {
    arguments = try DemoArguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch .helpRequested {
    Console.line(DemoArguments.usage)
    exit(0)
} catch {
    Console.error("\(error)\n\(DemoArguments.usage)")
    exit(2)
}

// Before any server thread starts, so that every thread inherits the blocked mask.
TerminationSignals.block()

let site = DemoSite(pageCount: arguments.pages)
let server: LoopbackHTTPServer
do {
    server = try LoopbackHTTPServer(
        address: arguments.address,
        port: arguments.port,
        // Keep-alive as real servers do, and like nginx close connections idle for a while.
        options: ServerOptions(keepAlive: true, idleTimeout: 15),
        handler: { [hostile = arguments.hostile] request in
            if hostile, let response = HostileRoutes.respond(to: request.pathWithoutQuery) { return response }
            return site.respond(to: request)
        }
    )
} catch {
    Console.error("cannot serve: \(error)")
    exit(1)
}

Console.line("serving \(server.baseURL)/ (\(arguments.pages) pages)")
_ = TerminationSignals.wait()
server.stop()
exit(0)
