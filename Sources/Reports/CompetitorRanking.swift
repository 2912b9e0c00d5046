import InterflowCore

/// Ranks every site taking a skill, in-house sites included, over the same local days.
///
/// Per site, on that skill's intervals only: value per handled contact (``ContactValue``), cost per
/// handled contact, service level and FCR. Cost per contact comes from the site's price model: the
/// price itself per handled contact; price × the skill's handle hours per productive hour; and for
/// seat-hours, the period's seat cost apportioned to the skill by its share of the site's handle
/// time (the seats serve every skill of the site). In-house sites have no price in the
/// configuration, so their cost is not measurable. Ranks: value, service level and FCR highest
/// first, cost lowest first; equal values share a rank (1, 1, 3); not measurable, no rank.
enum CompetitorRanking {
    static func rank(skill: String, reviewed: Outsourcer, federation: Federation, windows: [String: SiteWindow]) -> SkillRanking {
        let model = federation.config.value
        var entries = federation.sites.filter { $0.skills.contains(skill) }.compactMap { site -> RankingEntry? in
            guard let window = windows[site.id] else { return nil }
            let records = window.records.filter { $0.skill == skill }
            var tally = IntervalTally()
            for record in records { tally.add(record, target: site.contract?.serviceLevelTarget ?? 1) }
            let value: Metric =
                switch ContactValue.measure(records, model: model) {
                case .success(let v): v.perHandledContact.map(Metric.measured) ?? .notMeasurable("no contact was handled")
                case .failure(let reason): .notMeasurable(reason.reason)
                }
            return RankingEntry(
                siteId: site.id, siteName: site.name, runBy: site.kind.outsourcerName ?? "in-house", mode: site.mode,
                reviewed: reviewed.siteIds.contains(site.id), handled: tally.handled,
                intervalsMissing: window.missing.filter { $0.skill == skill }.count, valuePerHandled: value,
                costPerHandled: costPerHandled(site: site, window: window, skillTally: tally), serviceLevel: tally.serviceLevel,
                fcr: tally.fcr, valueRank: nil, costRank: nil, serviceLevelRank: nil, fcrRank: nil)
        }
        assignRanks(&entries, \.valuePerHandled, \.valueRank, higherIsBetter: true)
        assignRanks(&entries, \.costPerHandled, \.costRank, higherIsBetter: false)
        assignRanks(&entries, \.serviceLevel, \.serviceLevelRank, higherIsBetter: true)
        assignRanks(&entries, \.fcr, \.fcrRank, higherIsBetter: true)
        entries.sort { a, b in
            switch (a.valueRank, b.valueRank) {
            case (let x?, let y?): x != y ? x < y : a.siteId < b.siteId
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.siteId < b.siteId
            }
        }
        return SkillRanking(skill: skill, entries: entries)
    }

    private static func costPerHandled(site: SiteConfig, window: SiteWindow, skillTally: IntervalTally) -> Metric {
        guard let contract = site.contract else {
            return .notMeasurable("in-house: the configuration holds no price for in-house sites")
        }
        guard skillTally.handled > 0 else { return .notMeasurable("no contact was handled") }
        let handled = Double(skillTally.handled)
        switch contract.price {
        case .perHandledContact(let price):
            return .measured(price)
        case .perProductiveHour(let price):
            return .measured(price * skillTally.handleSeconds / 3600 / handled)
        case .perSeatHour(let price):
            let siteHandleSeconds = window.records.reduce(0) { $0 + $1.handleSeconds }
            guard siteHandleSeconds > 0 else { return .notMeasurable("no handle time was reported to apportion the seat cost by") }
            let seatCost = price * window.clock.seatSeconds(contract.seats, from: window.start, to: window.end) / 3600
            return .measured(seatCost * skillTally.handleSeconds / siteHandleSeconds / handled)
        }
    }

    /// Competition ranking ("1224"): a value equal to an earlier one (within rounding) takes its rank.
    private static func assignRanks(
        _ entries: inout [RankingEntry], _ metric: KeyPath<RankingEntry, Metric>, _ rank: WritableKeyPath<RankingEntry, Int?>,
        higherIsBetter: Bool
    ) {
        let measured = entries.indices.compactMap { i in entries[i][keyPath: metric].value.map { (i, $0) } }
            .sorted { higherIsBetter ? $0.1 > $1.1 : $0.1 < $1.1 }
        var previous: (value: Double, rank: Int)?
        for (position, (index, value)) in measured.enumerated() {
            let r = previous.flatMap { abs($0.value - value) <= 1e-9 * max(1, abs(value)) ? $0.rank : nil } ?? position + 1
            entries[index][keyPath: rank] = r
            previous = (value, r)
        }
    }
}
