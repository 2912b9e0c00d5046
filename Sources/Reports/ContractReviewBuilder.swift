import Foundation
import InterflowCore

/// Computes a ``ContractReview`` from a federation's configuration and closed intervals. Pure: no
/// I/O, no clock; the same inputs give the same review.
///
/// For each site of the outsourcer, over the local days of the period in the site's time zone:
/// - volume offered and handled per skill, against the contract's share bounds applied to the
///   volume offered to every site taking the skill, and against the planner's allocated share
///   (from the share history, weighted by the federation's offered volume per interval: ``AllocatedShare``);
/// - service level (answered within the skill's threshold over offered) overall, per interval and
///   per day, and the share of intervals meeting the contract's target; abandon rate; ASA; AHT
///   against the ceiling; FCR against the target;
/// - schedule adherence where the enterprise plans the staff (in-house, virtualized), staffed
///   against contracted seats where the mode shows staffing (all but network-delivered);
/// - cost from the price model, value from ``ContactValue``, net value = value − cost;
/// - credits and bonuses from the contract's clauses.
/// Missing intervals are listed and counted nowhere else. See ``CompetitorRanking`` for the ranking.
public struct ContractReviewBuilder: Sendable {
    public let federation: Federation

    public init(federation: Federation) {
        self.federation = federation
    }

    /// Reviews `outsourcer` over `period`.
    /// - Parameters:
    ///   - outsourcer: the outsourcer's id, its name, or the id of one of its sites (``Outsourcer/find(_:in:)``).
    ///   - period: the local days reviewed, both included.
    ///   - data: closed intervals of every site taking the outsourcer's skills, missing intervals, allocations.
    /// - Throws: ``ContractReviewError`` for an unknown outsourcer, a site without a contract or an unknown time zone.
    /// - Complexity: O(n log n) in the intervals given, plus O(period / 15 min × seat blocks) per seat-hour site.
    public func review(outsourcer: String, period: ReviewPeriod, data: ReviewData) throws(ContractReviewError) -> ContractReview {
        guard let company = Outsourcer.find(outsourcer, in: federation) else {
            throw .unknownOutsourcer(found: outsourcer, known: Outsourcer.all(in: federation).map(\.id))
        }
        let sites = company.siteIds.compactMap(federation.site)
        var windows: [String: SiteWindow] = [:]
        for site in federation.sites {
            guard let zone = TimeZone(identifier: site.timeZone) else { throw .unknownTimeZone(siteId: site.id, timeZone: site.timeZone) }
            windows[site.id] = SiteWindow(site: site, clock: SiteClock(timeZone: zone), period: period, data: data)
        }
        var reviews: [SiteReview] = []
        var tallies: [IntervalTally] = []
        var seatTallies: [SeatTally?] = []
        for site in sites {
            guard let contract = site.contract else { throw .missingContract(siteId: site.id) }
            let window = windows[site.id]!
            let (review, tally, seats) = siteReview(site, contract: contract, window: window, windows: windows, data: data)
            reviews.append(review)
            tallies.append(tally)
            seatTallies.append(seats)
        }
        let missing = sites.flatMap { windows[$0.id]!.missing }.sorted { ($0.start, $0.siteId, $0.skill) < ($1.start, $1.siteId, $1.skill) }
        let skills = federation.config.skills.map(\.id).filter { skill in sites.contains { $0.skills.contains(skill) } }
        let rankings = skills.map { CompetitorRanking.rank(skill: $0, reviewed: company, federation: federation, windows: windows) }
        return ContractReview(
            outsourcer: company, period: period, currency: federation.config.value.currency, sites: reviews,
            totals: totals(reviews, tallies: tallies, seatTallies: seatTallies), settlement: settlement(reviews),
            missingIntervals: missing, rankings: rankings)
    }

    // MARK: One site

    private func siteReview(
        _ site: SiteConfig, contract: Contract, window: SiteWindow, windows: [String: SiteWindow], data: ReviewData
    ) -> (SiteReview, IntervalTally, SeatTally?) {
        let target = contract.serviceLevelTarget
        var tally = IntervalTally()
        for record in window.records { tally.add(record, target: target) }
        tally.intervalsMissing = window.missing.count

        let periodSeatSeconds = window.clock.seatSeconds(contract.seats, from: window.start, to: window.end)
        let seats: SeatTally? =
            Self.staffingReason(site.mode) == nil
            ? SeatTally(records: window.records, skills: site.skills, plan: contract.seats, clock: window.clock) : nil
        let cost = Metric.measured(
            contract.price.cost(handled: tally.handled, handleSeconds: tally.handleSeconds, contractedSeatSeconds: periodSeatSeconds))
        let value = ContactValue.measure(window.records, model: federation.config.value)
        let performance = Self.performance(
            tally: tally, mode: site.mode, seats: seats, periodSeatSeconds: .measured(periodSeatSeconds), cost: cost,
            value: value.map(\.total).mapError { $0 })

        let basis = contract.price.basis
        let terms = ContractTerms(
            serviceLevelTarget: target, maxAbandonRate: contract.maxAbandonRate, ahtCeilingSeconds: contract.ahtCeilingSeconds,
            fcrTarget: contract.fcrTarget, priceBasis: basis.description, price: basis.price)
        let verdicts = Verdicts(
            serviceLevel: performance.serviceLevel.value.map { IntervalTally.meets($0, target) },
            abandonRate: performance.abandonRate.value.map { $0 <= contract.maxAbandonRate + 1e-12 },
            aht: performance.ahtSeconds.value.map { $0 <= contract.ahtCeilingSeconds + 1e-9 },
            fcr: performance.fcr.value.map { IntervalTally.meets($0, contract.fcrTarget) })

        let skills = site.skills.map { skill in
            skillVolume(skill, site: site, contract: contract, window: window, windows: windows, data: data)
        }
        let clauses = contract.clauses.map { ClauseEvaluator.evaluate($0, contract: contract, tally: tally, performance: performance) }
        let review = SiteReview(
            id: site.id, name: site.name, mode: site.mode, timeZone: site.timeZone, terms: terms, performance: performance,
            verdicts: verdicts, skills: skills, clauses: clauses, days: days(site, contract: contract, window: window, windows: windows),
            intervals: intervalRows(site, window: window, target: target))
        return (review, tally, seats)
    }

    /// Why the mode hides schedule adherence, or `nil` when it shows it.
    static func adherenceReason(_ mode: SiteMode) -> String? {
        switch mode {
        case .networkDelivered:
            "not measurable for a network-delivered site: the outsourcer plans its own staff and sends interval reports only, so schedules are not visible"
        case .enterpriseRouted:
            "not measurable for an enterprise-routed site: the outsourcer plans its own staff and the coordinator sees its queues, not its agents' schedules"
        case .inHouse, .virtualized: nil
        }
    }

    /// Why the mode hides staffing, or `nil` when it shows it.
    static func staffingReason(_ mode: SiteMode) -> String? {
        mode == .networkDelivered
            ? "not measurable for a network-delivered site: the coordinator sees delayed interval reports only, not who is logged in"
            : nil
    }

    /// The metrics of one site (`mode` given) or of several merged (`mode` nil: the caller vets the
    /// metrics some site could not measure).
    static func performance(
        tally: IntervalTally, mode: SiteMode?, seats: SeatTally?, periodSeatSeconds: Metric, cost: Metric,
        value: Result<Double, ContactValue.NotMeasurable>
    ) -> Performance {
        let handled = Double(tally.handled)
        let noHandled = "no contact was handled"
        let adherence = mode.flatMap(adherenceReason).map(Metric.notMeasurable) ?? tally.scheduleAdherence
        var staffed, contractedReported, staffedRatio, seatAdherence: Metric
        if let reason = mode.flatMap(staffingReason) {
            (staffed, contractedReported, staffedRatio, seatAdherence) = (
                .notMeasurable(reason), .notMeasurable(reason), .notMeasurable(reason), .notMeasurable(reason)
            )
        } else if let seats, seats.problem == nil {
            staffed = .measured(seats.staffedSeconds / 3600)
            contractedReported = .measured(seats.contractedSeconds / 3600)
            staffedRatio = .ratio(seats.staffedSeconds, seats.contractedSeconds, else: "no seat was contracted in the reported intervals")
            seatAdherence = .ratio(seats.coveredSeconds, seats.contractedSeconds, else: "no seat was contracted in the reported intervals")
        } else {
            let reason = seats?.problem ?? "no staffing was reported"
            (staffed, contractedReported, staffedRatio, seatAdherence) = (
                .notMeasurable(reason), .notMeasurable(reason), .notMeasurable(reason), .notMeasurable(reason)
            )
        }
        let valueMetric: Metric =
            switch value {
            case .success(let v): .measured(v)
            case .failure(let reason): .notMeasurable(reason.reason)
            }
        let perHandled = { (metric: Metric) -> Metric in
            guard tally.handled > 0 else { return .notMeasurable(noHandled) }
            return metric.map { $0 / handled }
        }
        let net: Metric =
            switch (valueMetric, cost) {
            case (.measured(let v), .measured(let c)): .measured(v - c)
            case (.notMeasurable(let reason), _): .notMeasurable("value " + reason)
            case (_, .notMeasurable(let reason)): .notMeasurable("cost " + reason)
            }
        return Performance(
            offered: tally.offered, answered: tally.answered, answeredWithinThreshold: tally.answeredWithinThreshold,
            abandoned: tally.abandoned, handled: tally.handled, intervalsReported: tally.intervalsReported,
            intervalsMissing: tally.intervalsMissing, intervalsWithContacts: tally.intervalsWithContacts,
            intervalsMeetingTarget: tally.intervalsMeetingTarget, serviceLevel: tally.serviceLevel,
            shareOfIntervalsMeetingTarget: tally.shareOfIntervalsMeetingTarget, abandonRate: tally.abandonRate,
            asaSeconds: tally.asaSeconds, ahtSeconds: tally.ahtSeconds, fcr: tally.fcr, scheduleAdherence: adherence,
            seatAdherence: seatAdherence, staffedSeatHours: staffed, contractedSeatHoursReported: contractedReported,
            contractedSeatHours: periodSeatSeconds.map { $0 / 3600 }, staffedToContracted: staffedRatio, cost: cost,
            costPerHandled: perHandled(cost), value: valueMetric, valuePerHandled: perHandled(valueMetric), netValue: net,
            netValuePerHandled: perHandled(net))
    }

    private func skillVolume(
        _ skill: String, site: SiteConfig, contract: Contract, window: SiteWindow, windows: [String: SiteWindow], data: ReviewData
    ) -> SkillVolume {
        var tally = IntervalTally()
        for record in window.records where record.skill == skill { tally.add(record, target: contract.serviceLevelTarget) }
        let federationOffered = federation.sites.filter { $0.skills.contains(skill) }.reduce(0) { sum, other in
            sum + (windows[other.id]?.records(in: window, skill: skill).reduce(0) { $0 + $1.offered } ?? 0)
        }
        let bounds = contract.shares[skill] ?? ShareBounds(min: 0, max: 1)
        let noVolume = "no contact of \(skill) was offered to any site"
        let share = Metric.ratio(Double(tally.offered), Double(federationOffered), else: noVolume)
        let volume = { (fraction: Double) -> Metric in
            federationOffered > 0 ? .measured(fraction * Double(federationOffered)) : .notMeasurable(noVolume)
        }
        let allocated: Metric
        if let given = data.allocatedShares[site.id]?[skill] {
            allocated = .measured(given)
        } else if let history = data.shareHistory {
            let volumes = federation.sites.filter { $0.skills.contains(skill) }.flatMap { other in
                windows[other.id]?.records(in: window, skill: skill) ?? []
            }
            allocated = AllocatedShare.weighted(siteId: site.id, skill: skill, history: history, volumes: volumes)
        } else {
            allocated = .notMeasurable("no share history covers the period: the data source keeps none")
        }
        let allocatedVolume: Metric =
            switch allocated {
            case .measured(let fraction): volume(fraction)
            case .notMeasurable: allocated
            }
        return SkillVolume(
            skill: skill, offered: tally.offered, handled: tally.handled, serviceLevel: tally.serviceLevel,
            federationOffered: federationOffered, share: share, contractMinShare: bounds.min, contractMaxShare: bounds.max,
            contractedVolumeMin: volume(bounds.min), contractedVolumeMax: volume(bounds.max),
            withinContract: share.value.map { $0 >= bounds.min - 1e-12 && $0 <= bounds.max + 1e-12 }, allocatedShare: allocated,
            allocatedVolume: allocatedVolume)
    }

    private func days(_ site: SiteConfig, contract: Contract, window: SiteWindow, windows: [String: SiteWindow]) -> [DayRow] {
        let clock = window.clock
        let byDay = Dictionary(grouping: window.records) { clock.day(of: $0.start) }
        let missingByDay = Dictionary(grouping: window.missing) { clock.day(of: $0.start) }
        // Offered to every site taking one of this site's skills, by this site's local day.
        var federationByDay: [CalendarDay: [String: Int]] = [:]
        for other in federation.sites {
            for skill in site.skills where other.skills.contains(skill) {
                for record in windows[other.id]?.records(in: window, skill: skill) ?? [] {
                    federationByDay[clock.day(of: record.start), default: [:]][skill, default: 0] += record.offered
                }
            }
        }
        return window.period.days.map { day in
            var tally = IntervalTally()
            for record in byDay[day] ?? [] { tally.add(record, target: contract.serviceLevelTarget) }
            let offeredBySkill = federationByDay[day] ?? [:]
            let bounds = { (skill: String) in contract.shares[skill] ?? ShareBounds(min: 0, max: 1) }
            return DayRow(
                day: day, hours: clock.hours(in: day), intervalsReported: tally.intervalsReported,
                intervalsMissing: missingByDay[day]?.count ?? 0, offered: tally.offered, handled: tally.handled,
                serviceLevel: tally.serviceLevel, meetsTarget: tally.serviceLevel.value.map { IntervalTally.meets($0, contract.serviceLevelTarget) },
                federationOffered: offeredBySkill.values.reduce(0, +),
                contractedVolumeMin: offeredBySkill.reduce(0) { $0 + bounds($1.key).min * Double($1.value) },
                contractedVolumeMax: offeredBySkill.reduce(0) { $0 + bounds($1.key).max * Double($1.value) })
        }
    }

    private func intervalRows(_ site: SiteConfig, window: SiteWindow, target: Double) -> [IntervalRow] {
        let order = Dictionary(uniqueKeysWithValues: site.skills.enumerated().map { ($1, $0) })
        return window.records.sorted { ($0.start, order[$0.skill] ?? 0) < ($1.start, order[$1.skill] ?? 0) }.map { record in
            let level = IntervalTally.serviceLevel(record)
            return IntervalRow(
                skill: record.skill, start: record.start, offered: record.offered, answered: record.answered,
                answeredWithinThreshold: record.answeredWithinThreshold, abandoned: record.abandoned, handled: record.handled,
                serviceLevel: level.map(Metric.measured) ?? .notMeasurable("no contact was offered"),
                meetsTarget: level.map { IntervalTally.meets($0, target) })
        }
    }

    // MARK: The outsourcer as a whole

    private func totals(_ reviews: [SiteReview], tallies: [IntervalTally], seatTallies: [SeatTally?]) -> Performance {
        var tally = IntervalTally()
        for t in tallies { tally.merge(t) }
        var seats = SeatTally()
        for s in seatTallies { if let s { seats.merge(s) } }
        let sum = { (key: KeyPath<Performance, Metric>) -> Metric in
            .measured(reviews.reduce(0) { $0 + ($1.performance[keyPath: key].value ?? 0) })
        }
        var merged = Self.performance(
            tally: tally, mode: nil, seats: seats, periodSeatSeconds: sum(\.contractedSeatHours).map { $0 * 3600 }, cost: sum(\.cost),
            value: .success(reviews.reduce(0) { $0 + ($1.performance.value.value ?? 0) }))
        // A metric some site cannot measure is not measurable in total: naming the sites says where.
        let vetted: [WritableKeyPath<Performance, Metric>] = [
            \.serviceLevel, \.shareOfIntervalsMeetingTarget, \.abandonRate, \.asaSeconds, \.ahtSeconds, \.fcr, \.scheduleAdherence,
            \.seatAdherence, \.staffedSeatHours, \.contractedSeatHoursReported, \.contractedSeatHours, \.staffedToContracted, \.cost,
            \.costPerHandled, \.value, \.valuePerHandled, \.netValue, \.netValuePerHandled,
        ]
        for key in vetted {
            let failing = reviews.compactMap { review in review.performance[keyPath: key].reason.map { "\(review.id): \($0)" } }
            if !failing.isEmpty {
                merged[keyPath: key] = .notMeasurable(
                    failing.count == reviews.count && reviews.count == 1 ? failing[0] : "not measurable at " + failing.joined(separator: "; "))
            }
        }
        return merged
    }

    private func settlement(_ reviews: [SiteReview]) -> Settlement {
        var credits = 0.0
        var bonuses = 0.0
        var notEvaluated: [String] = []
        for review in reviews {
            for clause in review.clauses {
                guard let amount = clause.amount.value else {
                    notEvaluated.append("\(review.id): \(clause.kind): \(clause.amount.reason ?? "")")
                    continue
                }
                if clause.isBonus { bonuses += amount } else { credits += amount }
            }
        }
        return Settlement(
            credits: ClauseEvaluator.cents(credits), bonuses: ClauseEvaluator.cents(bonuses), net: ClauseEvaluator.cents(bonuses - credits),
            notEvaluated: notEvaluated)
    }
}
