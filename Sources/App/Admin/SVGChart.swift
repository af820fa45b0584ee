import Foundation
import Plot

/// Charts for the admin panel, drawn on the server as inline SVG nodes of the page: no script, no chart library, and they print.
/// Each bar carries a `<title>` (the browser's tooltip, and what screen readers announce), and the chart a
/// `role="img"` with its title, so the figures are readable without seeing the drawing.
enum SVGChart {
    struct Bar: Sendable, Equatable {
        /// Under the bar (columns) or before it (rows).
        let label: String
        let value: Double
        /// The figure as people read it, e.g. "R$ 1.234,56" or "42%".
        let caption: String
    }

    /// Vertical bars along a time axis, e.g. revenue per day. Every `labelEvery`-th label is written under its bar.
    static func columns(_ bars: [Bar], title: String, labelEvery: Int = 5, width: Int = 720, height: Int = 220) -> Node<
        HTML.BodyContext
    > {
        let top = 16.0, bottom = 28.0, left = 8.0, right = 8.0
        let plotHeight = Double(height) - top - bottom
        let slot = (Double(width) - left - right) / Double(max(bars.count, 1))
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        var svg = open(title: title, width: width, height: height)
        svg +=
            #"<line class="axis" x1="\#(left)" y1="\#(top + plotHeight)" x2="\#(Double(width) - right)" y2="\#(top + plotHeight)"/>"#
        for (index, bar) in bars.enumerated() {
            let barHeight = plotHeight * max(bar.value, 0) / maximum
            let x = left + Double(index) * slot + slot * 0.15
            let y = top + plotHeight - barHeight
            svg +=
                #"<rect class="bar" x="\#(format(x))" y="\#(format(y))" width="\#(format(slot * 0.7))" height="\#(format(barHeight))">"#
            svg += "<title>\(escaped(bar.label)): \(escaped(bar.caption))</title></rect>"
            if index % max(labelEvery, 1) == 0 || index == bars.count - 1 {
                svg +=
                    #"<text class="tick" x="\#(format(x + slot * 0.35))" y="\#(format(Double(height) - 8))" text-anchor="middle">"#
                    + escaped(bar.label) + "</text>"
            }
        }
        return .raw(svg + "</svg>")
    }

    /// Horizontal bars with their label and figure, e.g. conversion per payment method. `maximum` fixes the
    /// scale (1 for rates), else the largest value fills the width.
    static func rows(_ bars: [Bar], title: String, maximum: Double? = nil, width: Int = 720) -> Node<HTML.BodyContext> {
        let rowHeight = 30.0, labelWidth = 200.0, captionWidth = 130.0
        let height = Int(rowHeight * Double(max(bars.count, 1)) + 8)
        let scale = max(maximum ?? (bars.map(\.value).max() ?? 0), Double.leastNonzeroMagnitude)
        let track = Double(width) - labelWidth - captionWidth
        var svg = open(title: title, width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = track * min(max(bar.value, 0) / scale, 1)
            svg += #"<text class="label" x="0" y="\#(format(y + 19))">"# + escaped(bar.label) + "</text>"
            svg +=
                #"<rect class="track" x="\#(labelWidth)" y="\#(format(y + 6))" width="\#(format(track))" height="18"/>"#
            svg +=
                #"<rect class="bar" x="\#(labelWidth)" y="\#(format(y + 6))" width="\#(format(length))" height="18">"#
            svg += "<title>\(escaped(bar.label)): \(escaped(bar.caption))</title></rect>"
            svg +=
                #"<text class="figure" x="\#(format(labelWidth + track + 8))" y="\#(format(y + 19))">"#
                + escaped(bar.caption) + "</text>"
        }
        return .raw(svg + "</svg>")
    }

    private static func open(title: String, width: Int, height: Int) -> String {
        #"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escaped(title))">"#
            + "<title>\(escaped(title))</title>"
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text and attribute values inside the SVG: the same five characters as in HTML.
    private static func escaped(_ text: String) -> String { text.htmlAttributeEscaped }
}
