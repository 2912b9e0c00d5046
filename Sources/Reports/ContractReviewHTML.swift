import Foundation
import InterflowCore

/// A contract review as one self-contained HTML page: inline CSS and inline SVG charts, no script,
/// no external asset; a print stylesheet keeps tables and charts whole on paper.
///
/// Tables carry ids a reader's tools (and the browser test) can find: `summary`, `clauses`,
/// `volume`, `days-<site>`, `ranking-<skill>`, `missing`; charts are `chart-service-level-<site>`
/// (service level per day against target), `chart-volume-<site>` (handled per day against the
/// contracted range) and `chart-competitors-<skill>` (value and cost per contact of every site
/// taking the skill).
public enum ContractReviewHTML {
    public static func render(_ review: ContractReview) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Contract review: \(e(review.outsourcer.name)), \(e(review.period.description))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>Contract review: \(e(review.outsourcer.name))</h1>
            <p class="meta">\(e(review.period.from.description)) to \(e(review.period.to.description)) (each site's local days) · \
            \(review.sites.count == 1 ? "1 site" : "\(review.sites.count) sites"): \(e(review.sites.map { "\($0.name) (\($0.mode.rawValue), \($0.timeZone))" }.joined(separator: "; "))) · amounts in \(e(review.currency))</p>
            </header>

            """
        html += summary(review)
        html += settlement(review)
        html += volume(review)
        html += charts(review)
        html += rankings(review)
        html += days(review)
        html += missing(review)
        html += """
            <footer><p>Service level: contacts answered within the skill's threshold over contacts offered. \
            AHT, FCR, cost and value are per handled (completed) contact. Value: revenue less the cost of a repeat contact \
            for every contact not resolved first time. Net value: value less cost. “Not measurable” means the site's mode \
            or its reports do not show the quantity; it is never counted as zero. Missing intervals are listed and left out \
            of every figure.</p></footer>
            </body>
            </html>

            """
        return html
    }

    // MARK: Sections

    private static func summary(_ review: ContractReview) -> String {
        let columns =
            review.sites.map { ($0.name, $0.performance, Optional($0.terms)) } + (review.sites.count > 1 ? [("All sites", review.totals, nil)] : [])
        var s = "<section><h2>Performance against contract</h2><table id=\"summary\" class=\"summary\"><thead><tr><th scope=\"col\">Metric</th>"
        for column in columns { s += "<th scope=\"col\">\(e(column.0))</th>" }
        s += "</tr></thead><tbody>"
        let counts: [(String, String, KeyPath<Performance, Int>)] = [
            ("offered", "Offered", \.offered), ("handled", "Handled", \.handled), ("abandoned", "Abandoned", \.abandoned),
            ("intervals_reported", "Intervals reported", \.intervalsReported), ("intervals_missing", "Intervals missing", \.intervalsMissing),
        ]
        for (key, label, path) in counts {
            s += "<tr data-metric=\"\(key)\"><th scope=\"row\">\(label)</th>"
            for column in columns { s += "<td class=\"num\">\(ReportText.count(column.1[keyPath: path]))</td>" }
            s += "</tr>"
        }
        for row in SummaryRow.all {
            s += "<tr data-metric=\"\(row.key)\"><th scope=\"row\">\(e(row.label))</th>"
            for column in columns {
                let metric = column.1[keyPath: row.metric]
                guard let value = metric.value else {
                    s += notMeasurableCell(metric)
                    continue
                }
                var cell = e(row.format(value))
                var cls = "num"
                if let terms = column.2, let target = row.target?(terms), let meets = row.meets(value, terms) {
                    cell += "<span class=\"target-note\">\(row.atMost ? "ceiling" : "target") \(e(row.format(target)))</span>"
                    cls += meets ? " meets" : " misses"
                }
                s += "<td class=\"\(cls)\" data-value=\"\(value)\">\(cell)</td>"
            }
            s += "</tr>"
        }
        s += "<tr data-metric=\"price\"><th scope=\"row\">Price</th>"
        for column in columns {
            s += column.2.map { "<td>\(e(ReportText.money($0.price))) \(e(review.currency)) \(e($0.priceBasis))</td>" } ?? "<td></td>"
        }
        return s + "</tr></tbody></table></section>\n"
    }

    private static func settlement(_ review: ContractReview) -> String {
        var s = "<section><h2>Credits and bonuses</h2>"
        let rows = review.sites.flatMap { site in site.clauses.map { (site, $0) } }
        if rows.isEmpty {
            s += "<p id=\"clauses-none\">The contracts hold no credit or bonus clause.</p>"
        } else {
            s +=
                "<table id=\"clauses\" class=\"clauses\"><thead><tr><th scope=\"col\">Site</th><th scope=\"col\">Clause</th>"
                + "<th scope=\"col\">Per point</th><th scope=\"col\">Cap</th><th scope=\"col\">Amount (\(e(review.currency)))</th>"
                + "<th scope=\"col\">How</th></tr></thead><tbody>"
            for (site, clause) in rows {
                let name = clause.isBonus ? "bonus" : "credit"
                s += "<tr data-site=\"\(e(site.id))\" data-clause=\"\(e(clause.kind))\"><td>\(e(site.name))</td>"
                s += "<td>\(e(clauseTitle(clause.kind))) <span class=\"kind \(name)\">\(name)</span></td>"
                s +=
                    "<td class=\"num\">\(e(ReportText.money(clause.perPoint)))</td><td class=\"num\">\(clause.cap.map { e(ReportText.money($0)) } ?? "none")</td>"
                if let amount = clause.amount.value {
                    s +=
                        "<td class=\"num amount\" data-value=\"\(amount)\">\(e(ReportText.money(amount)))\(clause.capped ? " <span class=\"capped\">capped</span>" : "")</td>"
                } else {
                    s += notMeasurableCell(clause.amount)
                }
                s += "<td class=\"explanation\">\(e(clause.explanation))</td></tr>"
            }
            s += "</tbody></table>"
        }
        let t = review.settlement
        s +=
            "<table id=\"settlement\" class=\"settlement\"><tbody>"
            + "<tr><th scope=\"row\">Credits owed by \(e(review.outsourcer.name))</th><td class=\"num\" data-value=\"\(t.credits)\">\(e(ReportText.money(t.credits)))</td></tr>"
            + "<tr><th scope=\"row\">Bonuses owed to \(e(review.outsourcer.name))</th><td class=\"num\" data-value=\"\(t.bonuses)\">\(e(ReportText.money(t.bonuses)))</td></tr>"
            + "<tr><th scope=\"row\">Net (bonuses − credits)</th><td class=\"num\" data-value=\"\(t.net)\">\(e(ReportText.money(t.net)))</td></tr>"
            + "</tbody></table>"
        if !t.notEvaluated.isEmpty {
            s += "<p class=\"not-evaluated\">Not evaluated: \(e(t.notEvaluated.joined(separator: "; ")))</p>"
        }
        return s + "</section>\n"
    }

    private static func volume(_ review: ContractReview) -> String {
        var s =
            "<section><h2>Volume against contract and allocation</h2><table id=\"volume\" class=\"volume\"><thead><tr>"
            + "<th scope=\"col\">Site</th><th scope=\"col\">Skill</th><th scope=\"col\">Offered</th><th scope=\"col\">Handled</th>"
            + "<th scope=\"col\">Service level</th><th scope=\"col\">Offered to all sites</th><th scope=\"col\">Share</th>"
            + "<th scope=\"col\">Contracted share</th><th scope=\"col\">Contracted volume</th><th scope=\"col\">Allocated share</th>"
            + "<th scope=\"col\">Allocated volume</th></tr></thead><tbody>"
        for site in review.sites {
            for v in site.skills {
                s += "<tr data-site=\"\(e(site.id))\" data-skill=\"\(e(v.skill))\"><td>\(e(site.name))</td><td>\(e(v.skill))</td>"
                s += "<td class=\"num\">\(ReportText.count(v.offered))</td><td class=\"num\">\(ReportText.count(v.handled))</td>"
                s += cell(v.serviceLevel, ReportText.percent)
                s += "<td class=\"num\">\(ReportText.count(v.federationOffered))</td>"
                if let share = v.share.value {
                    s +=
                        "<td class=\"num \(v.withinContract == false ? "misses" : "meets")\" data-value=\"\(share)\">\(e(ReportText.percent(share)))</td>"
                } else {
                    s += notMeasurableCell(v.share)
                }
                s += "<td class=\"num\">\(e(ReportText.percent(v.contractMinShare)))–\(e(ReportText.percent(v.contractMaxShare)))</td>"
                if let low = v.contractedVolumeMin.value, let high = v.contractedVolumeMax.value {
                    s += "<td class=\"num\">\(e(ReportText.number(low, decimals: 0)))–\(e(ReportText.number(high, decimals: 0)))</td>"
                } else {
                    s += notMeasurableCell(v.contractedVolumeMin)
                }
                s += cell(v.allocatedShare, ReportText.percent)
                s += cell(v.allocatedVolume) { ReportText.number($0, decimals: 0) }
                s += "</tr>"
            }
        }
        return s + "</tbody></table></section>\n"
    }

    private static func charts(_ review: ContractReview) -> String {
        var s = "<section class=\"charts\"><h2>Charts</h2>"
        for site in review.sites {
            let labels = site.days.map { String($0.day.description.suffix(5)) }
            s += "<figure>"
            s += SVGChart.line(
                id: "chart-service-level-\(site.id)", title: "\(site.name): service level per day", labels: labels,
                series: [SVGChart.Series(name: "service level", values: site.days.map(\.serviceLevel.value), cssClass: "s1")],
                target: (site.terms.serviceLevelTarget, "target \(ReportText.percent(site.terms.serviceLevelTarget))"), yMax: 1,
                format: { ReportText.number($0 * 100, decimals: 0) + " %" })
            s +=
                "<figcaption>Service level per local day (\(e(site.timeZone))) against the contract's target; days without contacts are not drawn.</figcaption></figure>"
            s += "<figure>"
            s += SVGChart.bars(
                id: "chart-volume-\(site.id)", title: "\(site.name): handled contacts per day", labels: labels,
                series: [
                    SVGChart.Series(name: "handled", values: site.days.map { $0.intervalsReported > 0 ? Double($0.handled) : nil }, cssClass: "s1")
                ],
                band: ("contracted range", site.days.map(\.contractedVolumeMin), site.days.map(\.contractedVolumeMax)),
                format: { ReportText.number($0, decimals: 0) })
            s +=
                "<figcaption>Handled contacts per day against the contracted range: the contract's share bounds applied to the volume offered to every site taking the same skills.</figcaption></figure>"
        }
        for ranking in review.rankings {
            let labels = ranking.entries.map(\.siteId)
            s += "<figure>"
            s += SVGChart.bars(
                id: "chart-competitors-\(ranking.skill)", title: "\(ranking.skill): value and cost per handled contact (\(review.currency))",
                labels: labels,
                series: [
                    SVGChart.Series(name: "value per contact", values: ranking.entries.map(\.valuePerHandled.value), cssClass: "s1"),
                    SVGChart.Series(name: "cost per contact", values: ranking.entries.map(\.costPerHandled.value), cssClass: "s2"),
                ], format: { ReportText.number($0, decimals: 2) })
            s +=
                "<figcaption>Every site taking \(e(ranking.skill)), \(e(review.outsourcer.name))'s sites included; n/m: not measurable (see the ranking table).</figcaption></figure>"
        }
        return s + "</section>\n"
    }

    private static func rankings(_ review: ContractReview) -> String {
        var s = "<section><h2>Ranking of every site doing the same work</h2>"
        for ranking in review.rankings {
            s +=
                "<h3>\(e(ranking.skill))</h3><table id=\"ranking-\(e(ranking.skill))\" class=\"ranking\"><thead><tr>"
                + "<th scope=\"col\">Site</th><th scope=\"col\">Run by</th><th scope=\"col\">Mode</th><th scope=\"col\">Handled</th>"
                + "<th scope=\"col\">Value / contact</th><th scope=\"col\">Cost / contact</th><th scope=\"col\">Service level</th>"
                + "<th scope=\"col\">FCR</th><th scope=\"col\">Missing intervals</th></tr></thead><tbody>"
            for entry in ranking.entries {
                s += "<tr data-site=\"\(e(entry.siteId))\"\(entry.reviewed ? " class=\"reviewed\"" : "")><td>\(e(entry.siteName))</td>"
                s += "<td>\(e(entry.runBy))</td><td>\(e(entry.mode.rawValue))</td><td class=\"num\">\(ReportText.count(entry.handled))</td>"
                s += ranked(entry.valuePerHandled, entry.valueRank, ReportText.money)
                s += ranked(entry.costPerHandled, entry.costRank, ReportText.money)
                s += ranked(entry.serviceLevel, entry.serviceLevelRank, ReportText.percent)
                s += ranked(entry.fcr, entry.fcrRank, ReportText.percent)
                s += "<td class=\"num\">\(entry.intervalsMissing)</td></tr>"
            }
            s += "</tbody></table>"
        }
        return s + "</section>\n"
    }

    private static func days(_ review: ContractReview) -> String {
        var s = "<section class=\"daily\"><h2>Day by day</h2>"
        for site in review.sites {
            s +=
                "<h3>\(e(site.name)) <span class=\"tz\">(\(e(site.timeZone)))</span></h3><table id=\"days-\(e(site.id))\" class=\"days\"><thead><tr>"
                + "<th scope=\"col\">Day</th><th scope=\"col\">Hours</th><th scope=\"col\">Intervals reported</th><th scope=\"col\">Missing</th>"
                + "<th scope=\"col\">Offered</th><th scope=\"col\">Handled</th><th scope=\"col\">Contracted range</th>"
                + "<th scope=\"col\">Service level</th></tr></thead><tbody>"
            for day in site.days {
                s += "<tr data-day=\"\(day.day)\"><td>\(day.day)</td><td class=\"num\">\(ReportText.plain(day.hours))</td>"
                s +=
                    "<td class=\"num\">\(day.intervalsReported)</td><td class=\"num\(day.intervalsMissing > 0 ? " misses" : "")\">\(day.intervalsMissing)</td>"
                s += "<td class=\"num\">\(ReportText.count(day.offered))</td><td class=\"num\">\(ReportText.count(day.handled))</td>"
                s +=
                    "<td class=\"num\">\(ReportText.number(day.contractedVolumeMin, decimals: 0))–\(ReportText.number(day.contractedVolumeMax, decimals: 0))</td>"
                if let level = day.serviceLevel.value {
                    s += "<td class=\"num \(day.meetsTarget == true ? "meets" : "misses")\" data-value=\"\(level)\">\(ReportText.percent(level))</td>"
                } else {
                    s += notMeasurableCell(day.serviceLevel)
                }
                s += "</tr>"
            }
            s += "</tbody></table>"
        }
        return s + "</section>\n"
    }

    private static func missing(_ review: ContractReview) -> String {
        var s = "<section><h2>Missing intervals</h2>"
        guard !review.missingIntervals.isEmpty else {
            return s + "<p id=\"missing-none\">No interval is missing from the data.</p></section>\n"
        }
        let clocks = Dictionary(
            uniqueKeysWithValues: review.sites.compactMap { site in TimeZone(identifier: site.timeZone).map { (site.id, SiteClock(timeZone: $0)) } })
        s +=
            "<p>\(review.missingIntervals.count) intervals are missing: they are left out of every figure above, neither as zero contacts nor as a missed target.</p>"
            + "<table id=\"missing\" class=\"missing\"><thead><tr><th scope=\"col\">Site</th><th scope=\"col\">Skill</th>"
            + "<th scope=\"col\">Local day</th><th scope=\"col\">Local start</th><th scope=\"col\">Start (UTC)</th><th scope=\"col\">Cause</th></tr></thead><tbody>"
        for gap in review.missingIntervals {
            let clock = clocks[gap.siteId]
            s += "<tr data-site=\"\(e(gap.siteId))\"><td>\(e(gap.siteId))</td><td>\(e(gap.skill))</td>"
            s +=
                "<td>\(clock.map { $0.day(of: gap.start).description } ?? "")</td><td>\(clock.map { ReportText.localTime(gap.start, $0) } ?? "")</td>"
            s += "<td>\(e(ReportText.instant(gap.start)))</td><td>\(e(gap.cause))</td></tr>"
        }
        return s + "</tbody></table></section>\n"
    }

    // MARK: Cells

    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    private static func cell(_ metric: Metric, _ format: (Double) -> String) -> String {
        guard let value = metric.value else { return notMeasurableCell(metric) }
        return "<td class=\"num\" data-value=\"\(value)\">\(e(format(value)))</td>"
    }

    private static func ranked(_ metric: Metric, _ rank: Int?, _ format: (Double) -> String) -> String {
        guard let value = metric.value else { return notMeasurableCell(metric) }
        return
            "<td class=\"num\" data-value=\"\(value)\" data-rank=\"\(rank ?? 0)\">\(e(format(value)))<span class=\"rank\">#\(rank ?? 0)</span></td>"
    }

    private static func notMeasurableCell(_ metric: Metric) -> String {
        "<td class=\"not-measurable\"><span class=\"nm\">not measurable</span><span class=\"reason\">\(e(metric.reason ?? ""))</span></td>"
    }

    private static func clauseTitle(_ kind: String) -> String {
        switch kind {
        case "service_level_credit": "Service level below target, per interval"
        case "fcr_bonus": "First-contact resolution above target"
        case "abandon_rate_credit": "Abandon rate above maximum"
        default: kind
        }
    }

    static let style = """
        :root{--ink:#1b1f24;--muted:#5b6470;--line:#d5dae0;--s1:#1f5fa8;--s2:#d9822b;--good:#1e7b45;--bad:#b3261e;--band:#c9d3de}
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:24px auto;max-width:1180px;padding:0 16px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
        .meta{color:var(--muted);margin:0}
        table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-variant-numeric:tabular-nums}
        th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        thead th{background:#f2f4f7;font-weight:600}
        td.num{text-align:right;white-space:nowrap}
        td.meets{color:var(--good)}td.misses{color:var(--bad);font-weight:600}
        .target-note{display:block;font-size:11px;color:var(--muted);font-weight:400}
        td.not-measurable{color:var(--muted);font-style:italic}
        td.not-measurable .nm{display:block}td.not-measurable .reason{display:block;font-size:11px;max-width:32em}
        .rank{margin-left:6px;font-size:11px;color:var(--muted)}
        tr.reviewed td{background:#eef4fb}
        .kind{font-size:11px;padding:0 4px;border-radius:3px;border:1px solid var(--line)}.kind.bonus{color:var(--good)}.kind.credit{color:var(--bad)}
        .capped{font-size:11px;color:var(--muted)}
        table.settlement{width:auto;min-width:40%}
        .explanation{font-size:12px;color:var(--muted)}
        figure{margin:12px 0 20px}figcaption{font-size:12px;color:var(--muted)}
        svg.chart{width:100%;height:auto;max-width:980px;display:block}
        svg .chart-title{font-size:13px;font-weight:600;fill:var(--ink)}
        svg .tick,svg .legend text,svg .target-label,svg .not-measurable-mark{font-size:11px;fill:var(--muted)}
        svg .grid{stroke:#e7eaee;stroke-width:1}svg .axis{stroke:#8a939e;stroke-width:1}
        svg polyline.series{fill:none;stroke-width:2}svg .s1{stroke:var(--s1);fill:var(--s1)}svg .s2{stroke:var(--s2);fill:var(--s2)}
        svg polyline.s1{fill:none}svg polyline.s2{fill:none}
        svg .target{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:6 4}svg .swatch.target{fill:var(--bad);stroke:none}
        svg .band,svg .swatch.band{fill:var(--band);opacity:.7;stroke:none}
        svg rect.bar{stroke:none}
        footer{margin-top:28px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
        @media print{
          @page{size:A4;margin:14mm}
          body{margin:0;max-width:none;font-size:10.5px;padding:0}
          h2{break-after:avoid}h3{break-after:avoid}
          table,figure,tr{break-inside:avoid}
          thead{display:table-header-group}
          thead th{background:#eee !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
          tr.reviewed td{background:#eef4fb !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
          svg.chart{max-width:100%}
          section.daily{break-before:page}
        }
        """
}
