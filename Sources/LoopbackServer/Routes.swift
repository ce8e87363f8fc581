/// Handlers built from plain data, one route per test scenario (as colly's tests do).
public enum Routes {
    /// Serves `pages` by request target: first the exact target (query included), then the path
    /// without its query, else `notFound`. Any method is answered alike; HEAD gets the head only.
    public static func site(
        _ pages: [String: ServerResponse],
        notFound: ServerResponse = .notFound
    ) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            pages[request.path] ?? pages[request.pathWithoutQuery] ?? notFound
        }
    }
}
