/// The terms of an outsourcer's contract for one site.
public struct Contract: Sendable, Hashable {
    /// Contracted seats over the week.
    public var seats: SeatPlan
    public var price: PriceModel
    /// Service-level target as a fraction (0.8 for 80 %), measured at each skill's threshold.
    public var serviceLevelTarget: Double
    /// Maximum abandon rate as a fraction of offered contacts.
    public var maxAbandonRate: Double
    /// Average handle time ceiling in seconds.
    public var ahtCeilingSeconds: Double
    /// First-contact-resolution target as a fraction.
    public var fcrTarget: Double
    /// Minimum and maximum share of each skill's volume, keyed by skill id.
    public var shares: [String: ShareBounds]
    /// When network percentages may change (network-delivered only).
    public var changeWindow: ChangeWindow?
    /// How long after an interval closes the outsourcer's report of it becomes available
    /// (network-delivered sites report with a delay), in seconds.
    public var reportingDelaySeconds: Double
    /// Credits the outsourcer owes and bonuses it earns, computed over each review period
    /// (see ``ContractClause``); none by default.
    public var clauses: [ContractClause]

    public init(
        seats: SeatPlan, price: PriceModel, serviceLevelTarget: Double, maxAbandonRate: Double, ahtCeilingSeconds: Double,
        fcrTarget: Double, shares: [String: ShareBounds], changeWindow: ChangeWindow? = nil, reportingDelaySeconds: Double = 0,
        clauses: [ContractClause] = []
    ) {
        self.seats = seats
        self.price = price
        self.serviceLevelTarget = serviceLevelTarget
        self.maxAbandonRate = maxAbandonRate
        self.ahtCeilingSeconds = ahtCeilingSeconds
        self.fcrTarget = fcrTarget
        self.shares = shares
        self.changeWindow = changeWindow
        self.reportingDelaySeconds = reportingDelaySeconds
        self.clauses = clauses
    }
}

/// Minimum and maximum fraction of a skill's volume a contract allows a site (0...1).
public struct ShareBounds: Sendable, Hashable {
    public var min: Double
    public var max: Double
    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }
}

/// How the outsourcer is paid.
public enum PriceModel: Sendable, Hashable {
    /// A price per handled contact: fully marginal.
    case perHandledContact(Double)
    /// A price per productive (logged-in, not idle) agent hour.
    case perProductiveHour(Double)
    /// A price per contracted seat-hour, paid whether used or not.
    case perSeatHour(Double)
}

/// Days of the week, ISO numbering (Monday = 1).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Contracted seats by day pattern or by interval: a list of blocks of local time.
public struct SeatPlan: Sendable, Hashable {
    public struct Block: Sendable, Hashable {
        public var days: Set<Weekday>
        /// Minutes after local midnight, start inclusive, end exclusive.
        public var startMinute: Int
        public var endMinute: Int
        public var seats: Int
        public init(days: Set<Weekday>, startMinute: Int, endMinute: Int, seats: Int) {
            self.days = days
            self.startMinute = startMinute
            self.endMinute = endMinute
            self.seats = seats
        }
    }
    public var blocks: [Block]
    public init(blocks: [Block]) { self.blocks = blocks }

    /// Seats contracted on `day` at `minuteOfDay` (local time); 0 outside every block.
    public func seats(on day: Weekday, atMinute minuteOfDay: Int) -> Int {
        // A loop, not a filtered copy: asked of every network-delivered site at every rebalance.
        var seats = 0
        for block in blocks where block.days.contains(day) && minuteOfDay >= block.startMinute && minuteOfDay < block.endMinute {
            seats += block.seats
        }
        return seats
    }
}

/// When a network-delivered site's percentages may be changed.
public enum ChangeWindow: Sendable, Hashable {
    /// At these minutes after local midnight every day (e.g. 06:00 → 360).
    case daily(minutes: [Int])
    /// Every `minutes` minutes, aligned to local midnight (e.g. on the half hour → 30).
    case every(minutes: Int)
}
