import Foundation
import InterflowCore

/// A review of one outsourcer's performance against its contracts over a period: every site of the
/// outsourcer, its volumes, service, cost, value, credits and bonuses, the intervals missing from
/// the data, and a ranking of every site doing the same work.
///
/// Built by ``ContractReviewBuilder``; rendered by ``ContractReviewJSON``, ``ContractReviewCSV`` and
/// ``ContractReviewHTML``. Every metric a site's mode cannot measure is a ``Metric/notMeasurable(_:)``
/// with the reason, never a zero.
public struct ContractReview: Sendable, Hashable, Codable {
    public var outsourcer: Outsourcer
    public var period: ReviewPeriod
    /// ISO 4217 code of every amount.
    public var currency: String
    /// One review per site of the outsourcer, in the federation's order.
    public var sites: [SiteReview]
    /// The outsourcer as a whole: sums over its sites. A metric one of its sites cannot measure is not
    /// measurable in total (the reason names the site); see the sites for the others' values.
    public var totals: Performance
    /// Credits and bonuses over all sites.
    public var settlement: Settlement
    /// The outsourcer's intervals missing from the data, oldest first.
    public var missingIntervals: [MissingInterval]
    /// For each skill the outsourcer takes, every site taking it (in-house sites included), ranked.
    public var rankings: [SkillRanking]

    public init(
        outsourcer: Outsourcer, period: ReviewPeriod, currency: String, sites: [SiteReview], totals: Performance, settlement: Settlement,
        missingIntervals: [MissingInterval], rankings: [SkillRanking]
    ) {
        self.outsourcer = outsourcer
        self.period = period
        self.currency = currency
        self.sites = sites
        self.totals = totals
        self.settlement = settlement
        self.missingIntervals = missingIntervals
        self.rankings = rankings
    }
}

/// One outsourcer site over the period.
public struct SiteReview: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var mode: SiteMode
    /// IANA time zone; days are this site's local days.
    public var timeZone: String
    public var terms: ContractTerms
    public var performance: Performance
    /// Whether the site met each target (`nil` where the metric is not measurable).
    public var verdicts: Verdicts
    /// Volume per skill against the contract's share bounds and the planner's allocation.
    public var skills: [SkillVolume]
    /// The contract's credit and bonus clauses, evaluated.
    public var clauses: [ClauseOutcome]
    /// One row per local day of the period.
    public var days: [DayRow]
    /// Every reported interval, oldest first, skills in the site's order.
    public var intervals: [IntervalRow]

    public init(
        id: String, name: String, mode: SiteMode, timeZone: String, terms: ContractTerms, performance: Performance, verdicts: Verdicts,
        skills: [SkillVolume], clauses: [ClauseOutcome], days: [DayRow], intervals: [IntervalRow]
    ) {
        self.id = id
        self.name = name
        self.mode = mode
        self.timeZone = timeZone
        self.terms = terms
        self.performance = performance
        self.verdicts = verdicts
        self.skills = skills
        self.clauses = clauses
        self.days = days
        self.intervals = intervals
    }
}

/// The targets and price of a site's contract, as the review applied them.
public struct ContractTerms: Sendable, Hashable, Codable {
    public var serviceLevelTarget: Double
    public var maxAbandonRate: Double
    public var ahtCeilingSeconds: Double
    public var fcrTarget: Double
    /// `per handled contact`, `per productive hour` or `per seat-hour`.
    public var priceBasis: String
    public var price: Double

    public init(serviceLevelTarget: Double, maxAbandonRate: Double, ahtCeilingSeconds: Double, fcrTarget: Double, priceBasis: String, price: Double) {
        self.serviceLevelTarget = serviceLevelTarget
        self.maxAbandonRate = maxAbandonRate
        self.ahtCeilingSeconds = ahtCeilingSeconds
        self.fcrTarget = fcrTarget
        self.priceBasis = priceBasis
        self.price = price
    }
}

/// Whether a site met its contract's targets; `nil` where the metric is not measurable.
public struct Verdicts: Sendable, Hashable, Codable {
    public var serviceLevel: Bool?
    public var abandonRate: Bool?
    public var aht: Bool?
    public var fcr: Bool?

    public init(serviceLevel: Bool?, abandonRate: Bool?, aht: Bool?, fcr: Bool?) {
        self.serviceLevel = serviceLevel
        self.abandonRate = abandonRate
        self.aht = aht
        self.fcr = fcr
    }
}

/// Performance over a set of intervals: counts, service, cost and value.
public struct Performance: Sendable, Hashable, Codable {
    public var offered: Int
    public var answered: Int
    public var answeredWithinThreshold: Int
    public var abandoned: Int
    /// Contacts completed; the denominator of AHT, FCR, cost and value per contact.
    public var handled: Int
    public var intervalsReported: Int
    public var intervalsMissing: Int
    /// Reported intervals with at least one offered contact: the ones with a service level.
    public var intervalsWithContacts: Int
    /// Of those, the ones whose service level met the contract's target.
    public var intervalsMeetingTarget: Int
    /// Answered within the skill's threshold over offered.
    public var serviceLevel: Metric
    /// `intervalsMeetingTarget` over `intervalsWithContacts`.
    public var shareOfIntervalsMeetingTarget: Metric
    /// Abandoned over offered.
    public var abandonRate: Metric
    /// Average speed of answer: total wait of answered contacts over answered, seconds.
    public var asaSeconds: Metric
    /// Average handle time: handle seconds over handled, seconds.
    public var ahtSeconds: Metric
    /// First-contact resolution: resolved on first contact over handled.
    public var fcr: Metric
    /// Adherent over scheduled time (where the enterprise plans the staff).
    public var scheduleAdherence: Metric
    /// Contracted seat-time that was staffed: Σ min(staffed, contracted) over Σ contracted, interval by interval.
    public var seatAdherence: Metric
    /// Agent-hours staffed in the reported intervals.
    public var staffedSeatHours: Metric
    /// Seat-hours contracted in the same intervals.
    public var contractedSeatHoursReported: Metric
    /// Seat-hours contracted over the whole period (local time, clock changes included).
    public var contractedSeatHours: Metric
    /// `staffedSeatHours` over `contractedSeatHoursReported`.
    public var staffedToContracted: Metric
    /// What the outsourcer is paid for the period under its price model.
    public var cost: Metric
    public var costPerHandled: Metric
    /// Value created: revenue less the cost of repeat contacts (``ContactValue``).
    public var value: Metric
    public var valuePerHandled: Metric
    /// Value less cost.
    public var netValue: Metric
    public var netValuePerHandled: Metric

    public init(
        offered: Int, answered: Int, answeredWithinThreshold: Int, abandoned: Int, handled: Int, intervalsReported: Int, intervalsMissing: Int,
        intervalsWithContacts: Int, intervalsMeetingTarget: Int, serviceLevel: Metric, shareOfIntervalsMeetingTarget: Metric, abandonRate: Metric,
        asaSeconds: Metric, ahtSeconds: Metric, fcr: Metric, scheduleAdherence: Metric, seatAdherence: Metric, staffedSeatHours: Metric,
        contractedSeatHoursReported: Metric, contractedSeatHours: Metric, staffedToContracted: Metric, cost: Metric, costPerHandled: Metric,
        value: Metric, valuePerHandled: Metric, netValue: Metric, netValuePerHandled: Metric
    ) {
        self.offered = offered
        self.answered = answered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandoned = abandoned
        self.handled = handled
        self.intervalsReported = intervalsReported
        self.intervalsMissing = intervalsMissing
        self.intervalsWithContacts = intervalsWithContacts
        self.intervalsMeetingTarget = intervalsMeetingTarget
        self.serviceLevel = serviceLevel
        self.shareOfIntervalsMeetingTarget = shareOfIntervalsMeetingTarget
        self.abandonRate = abandonRate
        self.asaSeconds = asaSeconds
        self.ahtSeconds = ahtSeconds
        self.fcr = fcr
        self.scheduleAdherence = scheduleAdherence
        self.seatAdherence = seatAdherence
        self.staffedSeatHours = staffedSeatHours
        self.contractedSeatHoursReported = contractedSeatHoursReported
        self.contractedSeatHours = contractedSeatHours
        self.staffedToContracted = staffedToContracted
        self.cost = cost
        self.costPerHandled = costPerHandled
        self.value = value
        self.valuePerHandled = valuePerHandled
        self.netValue = netValue
        self.netValuePerHandled = netValuePerHandled
    }
}

/// One skill's volume at a site against the contract's share bounds and the planner's allocation.
public struct SkillVolume: Sendable, Hashable, Codable {
    public var skill: String
    public var offered: Int
    public var handled: Int
    public var serviceLevel: Metric
    /// Offered to every site taking the skill over the period (each in its own local days).
    public var federationOffered: Int
    /// `offered` over `federationOffered`.
    public var share: Metric
    public var contractMinShare: Double
    public var contractMaxShare: Double
    /// The share bounds applied to `federationOffered`.
    public var contractedVolumeMin: Metric
    public var contractedVolumeMax: Metric
    /// Whether the share lies within the bounds; `nil` when not measurable.
    public var withinContract: Bool?
    public var allocatedShare: Metric
    /// The allocated share applied to `federationOffered`.
    public var allocatedVolume: Metric

    public init(
        skill: String, offered: Int, handled: Int, serviceLevel: Metric, federationOffered: Int, share: Metric, contractMinShare: Double,
        contractMaxShare: Double, contractedVolumeMin: Metric, contractedVolumeMax: Metric, withinContract: Bool?, allocatedShare: Metric,
        allocatedVolume: Metric
    ) {
        self.skill = skill
        self.offered = offered
        self.handled = handled
        self.serviceLevel = serviceLevel
        self.federationOffered = federationOffered
        self.share = share
        self.contractMinShare = contractMinShare
        self.contractMaxShare = contractMaxShare
        self.contractedVolumeMin = contractedVolumeMin
        self.contractedVolumeMax = contractedVolumeMax
        self.withinContract = withinContract
        self.allocatedShare = allocatedShare
        self.allocatedVolume = allocatedVolume
    }
}

/// A credit or bonus clause evaluated over the period.
public struct ClauseOutcome: Sendable, Hashable, Codable {
    /// `service_level_credit`, `fcr_bonus` or `abandon_rate_credit`.
    public var kind: String
    public var isBonus: Bool
    public var perPoint: Double
    public var cap: Double?
    /// The points the amount is based on (summed over intervals for the service-level credit).
    public var points: Metric
    /// The amount before the cap.
    public var uncapped: Metric
    /// The amount due, rounded to cents: owed by the outsourcer for a credit, paid to it for a bonus.
    public var amount: Metric
    public var capped: Bool
    /// How the amount came about, in words.
    public var explanation: String

    public init(
        kind: String, isBonus: Bool, perPoint: Double, cap: Double?, points: Metric, uncapped: Metric, amount: Metric, capped: Bool,
        explanation: String
    ) {
        self.kind = kind
        self.isBonus = isBonus
        self.perPoint = perPoint
        self.cap = cap
        self.points = points
        self.uncapped = uncapped
        self.amount = amount
        self.capped = capped
        self.explanation = explanation
    }
}

/// Credits and bonuses added up.
public struct Settlement: Sendable, Hashable, Codable {
    /// Owed by the outsourcer.
    public var credits: Double
    /// Owed to the outsourcer.
    public var bonuses: Double
    /// `bonuses − credits`: what the enterprise pays on top of the price (negative: it is owed).
    public var net: Double
    /// Clauses that could not be evaluated (their metric is not measurable), `site: kind: reason`.
    public var notEvaluated: [String]

    public init(credits: Double, bonuses: Double, net: Double, notEvaluated: [String]) {
        self.credits = credits
        self.bonuses = bonuses
        self.net = net
        self.notEvaluated = notEvaluated
    }
}

/// One local day at a site.
public struct DayRow: Sendable, Hashable, Codable {
    public var day: CalendarDay
    /// 24, or 23 / 25 on the days the clocks change.
    public var hours: Double
    /// Reported intervals that day, all skills.
    public var intervalsReported: Int
    public var intervalsMissing: Int
    public var offered: Int
    public var handled: Int
    public var serviceLevel: Metric
    /// Whether the day's service level met the target; `nil` when not measurable.
    public var meetsTarget: Bool?
    /// Offered to every site taking the site's skills that day.
    public var federationOffered: Int
    public var contractedVolumeMin: Double
    public var contractedVolumeMax: Double

    public init(
        day: CalendarDay, hours: Double, intervalsReported: Int, intervalsMissing: Int, offered: Int, handled: Int, serviceLevel: Metric,
        meetsTarget: Bool?, federationOffered: Int, contractedVolumeMin: Double, contractedVolumeMax: Double
    ) {
        self.day = day
        self.hours = hours
        self.intervalsReported = intervalsReported
        self.intervalsMissing = intervalsMissing
        self.offered = offered
        self.handled = handled
        self.serviceLevel = serviceLevel
        self.meetsTarget = meetsTarget
        self.federationOffered = federationOffered
        self.contractedVolumeMin = contractedVolumeMin
        self.contractedVolumeMax = contractedVolumeMax
    }
}

/// One reported interval at a site.
public struct IntervalRow: Sendable, Hashable, Codable {
    public var skill: String
    public var start: Date
    public var offered: Int
    public var answered: Int
    public var answeredWithinThreshold: Int
    public var abandoned: Int
    public var handled: Int
    public var serviceLevel: Metric
    public var meetsTarget: Bool?

    public init(
        skill: String, start: Date, offered: Int, answered: Int, answeredWithinThreshold: Int, abandoned: Int, handled: Int, serviceLevel: Metric,
        meetsTarget: Bool?
    ) {
        self.skill = skill
        self.start = start
        self.offered = offered
        self.answered = answered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandoned = abandoned
        self.handled = handled
        self.serviceLevel = serviceLevel
        self.meetsTarget = meetsTarget
    }
}

/// Every site taking one skill, ranked on value per contact, cost per contact, service level and FCR.
public struct SkillRanking: Sendable, Hashable, Codable {
    public var skill: String
    /// Ordered by value per contact (best first), sites whose value is not measurable last.
    public var entries: [RankingEntry]

    public init(skill: String, entries: [RankingEntry]) {
        self.skill = skill
        self.entries = entries
    }
}

/// One site in a skill's ranking. Ranks start at 1 (best); equal values share a rank; a metric that
/// is not measurable has no rank.
public struct RankingEntry: Sendable, Hashable, Codable {
    public var siteId: String
    public var siteName: String
    /// `in-house`, or the outsourcer's name.
    public var runBy: String
    public var mode: SiteMode
    /// Whether the site belongs to the reviewed outsourcer.
    public var reviewed: Bool
    public var handled: Int
    public var intervalsMissing: Int
    public var valuePerHandled: Metric
    public var costPerHandled: Metric
    public var serviceLevel: Metric
    public var fcr: Metric
    public var valueRank: Int?
    public var costRank: Int?
    public var serviceLevelRank: Int?
    public var fcrRank: Int?

    public init(
        siteId: String, siteName: String, runBy: String, mode: SiteMode, reviewed: Bool, handled: Int, intervalsMissing: Int, valuePerHandled: Metric,
        costPerHandled: Metric, serviceLevel: Metric, fcr: Metric, valueRank: Int?, costRank: Int?, serviceLevelRank: Int?, fcrRank: Int?
    ) {
        self.siteId = siteId
        self.siteName = siteName
        self.runBy = runBy
        self.mode = mode
        self.reviewed = reviewed
        self.handled = handled
        self.intervalsMissing = intervalsMissing
        self.valuePerHandled = valuePerHandled
        self.costPerHandled = costPerHandled
        self.serviceLevel = serviceLevel
        self.fcr = fcr
        self.valueRank = valueRank
        self.costRank = costRank
        self.serviceLevelRank = serviceLevelRank
        self.fcrRank = fcrRank
    }
}
