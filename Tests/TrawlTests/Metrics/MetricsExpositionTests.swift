import Testing
@testable import TrawlCrawl

/// The text exposition format 0.0.4: escaping, numbers, histogram buckets, and what promtool says of it.
@Suite("Metrics: the exposition format")
struct MetricsExpositionTests {
    @Test("label values escape backslash, double quote and line feed, nothing else", arguments: [
        ("plain", "plain"),
        ("HTTP 503", "HTTP 503"),
        (#"say "hi""#, #"say \"hi\""#),
        (#"C:\path"#, #"C:\\path"#),
        ("two\nlines", #"two\nlines"#),
        (#"\"#, #"\\"#),
        ("naïve — ünïcode", "naïve — ünïcode"),
        ("tab\there", "tab\there"),
    ])
    func labelValueEscaping(raw: String, escaped: String) {
        #expect(PrometheusText.escapeLabelValue(raw) == escaped)
    }

    @Test("HELP text escapes backslash and line feed, keeps double quotes")
    func helpEscaping() {
        #expect(PrometheusText.escapeHelp(#"a "b" \ c"# + "\nd") == #"a "b" \\ c\nd"#)
    }

    @Test("numbers as Go's ParseFloat reads them", arguments: [
        (0.0, "0"), (3.0, "3"), (-2.0, "-2"), (0.25, "0.25"), (0.0005, "0.0005"), (1e-05, "1e-05"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"),
        (1796105790.0483065, "1796105790.0483065"), (9007199254740992.0, "9007199254740992.0"),
    ])
    func numbers(value: Double, text: String) {
        #expect(PrometheusText.number(value) == text)
    }

    @Test("histogram buckets are cumulative, an observation on a bound counts in its bucket, +Inf is the count")
    func histogramBuckets() {
        let histogram = LatencyHistogram(upperBounds: [0.1, 1, 2.5])
        for value in [0.05, 0.1, 0.5, 0.7, 5.0] { histogram.observe(value) }
        let snapshot = histogram.snapshot
        #expect(snapshot.cumulativeCounts == [2, 4, 4])
        #expect(snapshot.count == 5)
        #expect(abs(snapshot.sum - 6.35) < 1e-9)
        let text = PrometheusText.render([.histogram("x_seconds", help: "A test.", snapshot)])
        #expect(text == """
            # HELP x_seconds A test.
            # TYPE x_seconds histogram
            x_seconds_bucket{le="0.1"} 2
            x_seconds_bucket{le="1"} 4
            x_seconds_bucket{le="2.5"} 4
            x_seconds_bucket{le="+Inf"} 5
            x_seconds_sum 6.35
            x_seconds_count 5

            """)
    }

    @Test("an empty histogram has every bucket, all zero")
    func emptyHistogram() {
        let snapshot = LatencyHistogram().snapshot
        #expect(snapshot.cumulativeCounts == [Int](repeating: 0, count: LatencyHistogram.defaultBounds.count))
        let family = MetricFamily.histogram("y_seconds", help: "h", snapshot)
        #expect(family.samples.count == LatencyHistogram.defaultBounds.count + 3)
        #expect(family.samples.last == MetricSample(suffix: "_count", value: 0))
    }

    @Test("a family renders HELP, TYPE and one line per label set, in order")
    func familyRendering() {
        let text = PrometheusText.render([
            .labelled("t_failures_total", .counter, help: #"Failures by "kind" \ cause"#, label: "kind",
                      [("HTTP 503", 2), (#"odd "one"\"# + "\n", 1)]),
            .single("t_hosts_held", .gauge, help: "Hosts.", 0),
        ])
        #expect(text == #"""
            # HELP t_failures_total Failures by "kind" \\ cause
            # TYPE t_failures_total counter
            t_failures_total{kind="HTTP 503"} 2
            t_failures_total{kind="odd \"one\"\\\n"} 1
            # HELP t_hosts_held Hosts.
            # TYPE t_hosts_held gauge
            t_hosts_held 0

            """#)
    }

    @Test("promtool accepts the escapes, a histogram and a family without samples, with no lint complaint")
    func promtoolAcceptsTheFormat() async throws {
        let histogram = LatencyHistogram()
        histogram.observe(0.003)
        histogram.observe(42)
        let text = PrometheusText.render([
            .labelled("t_failures_total", .counter, help: "Failures \\ by kind\nof cause.", label: "kind",
                      [(#"quote " backslash \ "#, 1), ("line\nfeed", 2)]),
            MetricFamily(name: "t_info", help: "Nothing yet.", kind: .gauge, samples: []),
            .histogram("t_commit_duration_seconds", help: "Commits.", histogram.snapshot),
        ])
        let check = try #require(try await PromTool.checkMetrics(text), "promtool is missing: run scripts/setup.sh")
        #expect(check.status == 0 && check.output.isEmpty, "\(check.output)\n\(text)")
    }

    @Test("promtool's lint does complain about a counter without _total: the check can fail")
    func promtoolComplains() async throws {
        let text = PrometheusText.render([.single("t_pages", .counter, help: "Pages.", 1)])
        let check = try #require(try await PromTool.checkMetrics(text), "promtool is missing: run scripts/setup.sh")
        #expect(check.status != 0)
        #expect(check.output.contains("_total"))
    }
}
