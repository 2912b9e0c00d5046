import Foundation

/// Inline SVG charts for the HTML report: no script, no external asset, readable in print.
///
/// Each data point is an element with `class="point"` (lines) or `class="bar"` (bars) carrying
/// `data-label` and `data-value`, so that a test (or a reader's tools) can find the numbers the
/// chart shows; a point that is not measurable is not drawn.
struct SVGChart {
    /// One series: a value per label, `nil` where there is none.
    struct Series {
        var name: String
        var values: [Double?]
        /// `s1`…`s4` pick the palette's colours.
        var cssClass: String
    }

    static let width = 760.0
    static let height = 260.0
    static let left = 64.0
    static let right = 16.0
    static let top = 34.0
    static let bottom = 48.0

    /// A line chart: one polyline per series (broken where a value is missing), a dashed target line.
    static func line(
        id: String, title: String, labels: [String], series: [Series], target: (value: Double, label: String)?, yMin: Double = 0,
        yMax: Double? = nil, format: (Double) -> String
    ) -> String {
        let values = series.flatMap { $0.values.compactMap { $0 } } + (target.map { [$0.value] } ?? [])
        let scale = yMax.map { Scale(low: yMin, high: $0, step: ($0 - yMin) / 4) } ?? Scale.nice(low: yMin, high: values.max() ?? 1)
        var body = frame(id: id, title: title, labels: labels, scale: scale, format: format)
        if let target {
            let y = scale.y(target.value)
            body +=
                "<line class=\"target\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" data-value=\"\(target.value)\"/>"
            body += "<text class=\"target-label\" x=\"\(f(width - right - 4))\" y=\"\(f(y - 4))\" text-anchor=\"end\">\(escape(target.label))</text>"
        }
        for s in series {
            var segment: [String] = []
            var segments: [[String]] = []
            for (i, value) in s.values.enumerated() {
                if let value {
                    segment.append("\(f(x(i, labels.count))),\(f(scale.y(value)))")
                } else if !segment.isEmpty {
                    segments.append(segment)
                    segment = []
                }
            }
            if !segment.isEmpty { segments.append(segment) }
            for points in segments where points.count > 1 {
                body += "<polyline class=\"series \(s.cssClass)\" points=\"\(points.joined(separator: " "))\"/>"
            }
            for (i, value) in s.values.enumerated() {
                guard let value else { continue }
                body +=
                    "<circle class=\"point \(s.cssClass)\" cx=\"\(f(x(i, labels.count)))\" cy=\"\(f(scale.y(value)))\" r=\"3\" "
                    + "data-series=\"\(escape(s.name))\" data-label=\"\(escape(labels[i]))\" data-value=\"\(value)\">"
                    + "<title>\(escape(s.name)) \(escape(labels[i])): \(escape(format(value)))</title></circle>"
            }
        }
        body += legend(series.map { ($0.name, $0.cssClass) } + (target.map { [($0.label, "target")] } ?? []))
        return body + "</svg>"
    }

    /// A grouped bar chart, with an optional band (e.g. the contracted range) drawn behind the bars;
    /// labels of values that are not measurable are written where the bar would be (`n/m`).
    static func bars(
        id: String, title: String, labels: [String], series: [Series], band: (name: String, low: [Double], high: [Double])? = nil,
        format: (Double) -> String
    ) -> String {
        let values = series.flatMap { $0.values.compactMap { $0 } } + (band?.high ?? [])
        let scale = Scale.nice(low: min(0, values.min() ?? 0), high: max(values.max() ?? 1, 0))
        var body = frame(id: id, title: title, labels: labels, scale: scale, format: format)
        let slot = (width - left - right) / Double(max(labels.count, 1))
        if let band {
            for i in labels.indices where i < band.low.count && i < band.high.count {
                let y1 = scale.y(band.high[i])
                let y0 = scale.y(band.low[i])
                body +=
                    "<rect class=\"band\" x=\"\(f(left + Double(i) * slot))\" y=\"\(f(y1))\" width=\"\(f(slot))\" height=\"\(f(max(y0 - y1, 0.5)))\" "
                    + "data-label=\"\(escape(labels[i]))\" data-low=\"\(band.low[i])\" data-high=\"\(band.high[i])\"/>"
            }
        }
        let barWidth = slot * 0.7 / Double(max(series.count, 1))
        for (k, s) in series.enumerated() {
            for (i, value) in s.values.enumerated() where i < labels.count {
                let x0 = left + Double(i) * slot + slot * 0.15 + Double(k) * barWidth
                guard let value else {
                    body +=
                        "<text class=\"not-measurable-mark\" x=\"\(f(x0 + barWidth / 2))\" y=\"\(f(scale.y(0) - 4))\" text-anchor=\"middle\">n/m</text>"
                    continue
                }
                let y = scale.y(max(value, 0))
                let h = abs(scale.y(0) - scale.y(value))
                body +=
                    "<rect class=\"bar \(s.cssClass)\" x=\"\(f(x0))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" height=\"\(f(max(h, 0.5)))\" "
                    + "data-series=\"\(escape(s.name))\" data-label=\"\(escape(labels[i]))\" data-value=\"\(value)\">"
                    + "<title>\(escape(s.name)) \(escape(labels[i])): \(escape(format(value)))</title></rect>"
            }
        }
        body += legend(series.map { ($0.name, $0.cssClass) } + (band.map { [($0.name, "band")] } ?? []))
        return body + "</svg>"
    }

    // MARK: Parts

    private struct Scale {
        var low: Double
        var high: Double
        var step: Double

        /// A scale from a multiple of a nice step at or below `low` to one at or above `high`, about four steps.
        static func nice(low: Double, high: Double) -> Scale {
            let step = niceCeiling(max(high - low, 1e-9) / 4)
            let from = (low / step).rounded(.down) * step
            let to = max((high / step).rounded(.up) * step, from + step)
            return Scale(low: from, high: to, step: step)
        }
        func y(_ value: Double) -> Double {
            let span = high - low > 0 ? high - low : 1
            return SVGChart.height - SVGChart.bottom - (value - low) / span * (SVGChart.height - SVGChart.top - SVGChart.bottom)
        }
    }

    private static func x(_ i: Int, _ count: Int) -> Double {
        let slot = (width - left - right) / Double(max(count, 1))
        return left + slot * (Double(i) + 0.5)
    }

    /// The opening tag, title, grid, y ticks and x labels (thinned to at most 16).
    private static func frame(id: String, title: String, labels: [String], scale: Scale, format: (Double) -> String) -> String {
        var s =
            "<svg id=\"\(escape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
            + "role=\"img\" aria-labelledby=\"\(escape(id))-title\"><title id=\"\(escape(id))-title\">\(escape(title))</title>"
            + "<text class=\"chart-title\" x=\"\(f(left))\" y=\"18\">\(escape(title))</text>"
        let ticks = Int(((scale.high - scale.low) / scale.step).rounded())
        for k in 0...max(ticks, 1) {
            let value = scale.low + scale.step * Double(k)
            let y = scale.y(value)
            s += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\"/>"
            s += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escape(format(value)))</text>"
        }
        s += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\"/>"
        let every = max(1, Int((Double(labels.count) / 16).rounded(.up)))
        for (i, label) in labels.enumerated() where i % every == 0 {
            s +=
                "<text class=\"tick x-label\" x=\"\(f(x(i, labels.count)))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\">"
                + "\(escape(label))</text>"
        }
        return s
    }

    private static func legend(_ items: [(name: String, cssClass: String)]) -> String {
        var s = ""
        var xPos = width - right
        for item in items.reversed() {
            let textWidth = Double(item.name.count) * 6.5 + 22
            xPos -= textWidth
            s += "<g class=\"legend\"><rect class=\"swatch \(item.cssClass)\" x=\"\(f(xPos))\" y=\"\(f(height - 18))\" width=\"12\" height=\"8\"/>"
            s += "<text x=\"\(f(xPos + 16))\" y=\"\(f(height - 10))\">\(escape(item.name))</text></g>"
        }
        return s
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (1 for values ≤ 0).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value - 1e-12 { return step * magnitude }
        return 10 * magnitude
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}

/// Escaping for HTML text and attribute values.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
