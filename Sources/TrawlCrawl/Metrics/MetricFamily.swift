/// One metric as Prometheus sees it: a name, its HELP text, its TYPE, and the samples of its label sets.
///
/// A plain value built at scrape time: the crawl keeps its counts where it already keeps them (the progress
/// meter, the latency histograms), and a scrape turns them into families, so that nothing is counted twice
/// and the hot paths pay nothing for metrics nobody scrapes.
public struct MetricFamily: Sendable, Equatable {
    /// The three metric types trawl exports (text format 0.0.4 `# TYPE`).
    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    /// `trawl_…`, with `_total` for counters and base units (`_seconds`, `_bytes`), as Prometheus's naming
    /// conventions ask.
    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [MetricSample]

    public init(name: String, help: String, kind: Kind, samples: [MetricSample]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }

    /// A counter or gauge with one unlabelled sample.
    public static func single(_ name: String, _ kind: Kind, help: String, _ value: Double) -> MetricFamily {
        MetricFamily(name: name, help: help, kind: kind, samples: [MetricSample(value: value)])
    }

    /// A counter or gauge with one sample per value of one label, in the order given.
    public static func labelled(
        _ name: String, _ kind: Kind, help: String, label: String, _ values: [(String, Double)]
    ) -> MetricFamily {
        MetricFamily(name: name, help: help, kind: kind,
                     samples: values.map { MetricSample(labels: [MetricLabel(label, $0.0)], value: $0.1) })
    }

    /// A histogram: its cumulative `_bucket{le=…}` samples (the last one `+Inf`), `_sum` and `_count`.
    public static func histogram(_ name: String, help: String, _ histogram: HistogramSnapshot) -> MetricFamily {
        var samples: [MetricSample] = []
        for (bound, count) in zip(histogram.upperBounds, histogram.cumulativeCounts) {
            samples.append(MetricSample(suffix: "_bucket", labels: [MetricLabel("le", PrometheusText.number(bound))],
                                        value: Double(count)))
        }
        samples.append(MetricSample(suffix: "_bucket", labels: [MetricLabel("le", "+Inf")], value: Double(histogram.count)))
        samples.append(MetricSample(suffix: "_sum", value: histogram.sum))
        samples.append(MetricSample(suffix: "_count", value: Double(histogram.count)))
        return MetricFamily(name: name, help: help, kind: .histogram, samples: samples)
    }
}

/// One line of a family: `name` + `suffix` (`_bucket`, `_sum`, `_count` for histograms), labels, value.
public struct MetricSample: Sendable, Equatable {
    public var suffix: String
    public var labels: [MetricLabel]
    public var value: Double

    public init(suffix: String = "", labels: [MetricLabel] = [], value: Double) {
        self.suffix = suffix
        self.labels = labels
        self.value = value
    }
}

/// A label pair; the value is any text (escaped when rendered).
public struct MetricLabel: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
