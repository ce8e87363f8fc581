import Foundation

/// A Prometheus text exposition read back, for assertions: every sample line by its series as written
/// (`trawl_pages_total{status_class="2xx"}`), and the TYPE of each family.
struct Exposition {
    let text: String
    private(set) var samples: [String: Double] = [:]
    private(set) var types: [String: String] = [:]

    init(_ text: String) {
        self.text = text
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " ") else { continue }
            let value = line[line.index(after: space)...]
            samples[String(line[..<space])] = value == "+Inf" ? .infinity : Double(value)
        }
    }

    subscript(_ series: String) -> Double? { samples[series] }

    /// The sum of every sample of `name` (all label sets), nil when it has none.
    func sum(_ name: String) -> Double? {
        let values = samples.filter { $0.key == name || $0.key.hasPrefix(name + "{") }.map(\.value)
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// The label values of `label` in the samples of `name`, with their values.
    func byLabel(_ name: String, _ label: String) -> [String: Double] {
        var result: [String: Double] = [:]
        let marker = "\(label)=\""
        for (series, value) in samples where series.hasPrefix(name + "{") {
            guard let start = series.range(of: marker)?.upperBound,
                  let end = series[start...].firstIndex(of: "\"") else { continue }
            result[String(series[start..<end])] = value
        }
        return result
    }

    /// A histogram's cumulative buckets in the order written, its `_count` and `_sum`.
    func histogram(_ name: String) -> (buckets: [Double], count: Double?, sum: Double?) {
        let buckets = text.split(separator: "\n").filter { $0.hasPrefix(name + "_bucket{") }
            .compactMap { line in line.split(separator: " ").last.map { $0 == "+Inf" ? Double.infinity : Double($0) ?? -1 } }
        return (buckets, samples[name + "_count"], samples[name + "_sum"])
    }
}
