import Testing
@testable import TrawlStore

@Suite("Store: times as the database stores them")
struct StoreWallClockTests {
    @Test("ISO 8601 UTC with milliseconds, truncated", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_764_056_251.123, "2025-11-25T07:37:31.122Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
    ])
    func iso8601(_ time: Double, _ expected: String) {
        #expect(WallClock.iso8601(time) == expected)
    }
}
