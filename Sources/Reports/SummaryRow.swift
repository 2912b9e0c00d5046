/// One line of a review's summary: a metric of ``Performance``, its unit and the contract target
/// it is held against. Shared by the CSV and HTML renderers so that both show the same metrics.
struct SummaryRow {
    enum Unit: String, Sendable {
        case fraction, seconds, money, hours
    }

    let key: String
    let label: String
    let metric: KeyPath<Performance, Metric>
    let unit: Unit
    /// The target and whether a value meets it (`≥ target` or `≤ ceiling`).
    let target: ((ContractTerms) -> Double)?
    let atMost: Bool

    init(
        _ key: String, _ label: String, _ metric: KeyPath<Performance, Metric>, _ unit: Unit,
        target: ((ContractTerms) -> Double)? = nil, atMost: Bool = false
    ) {
        self.key = key
        self.label = label
        self.metric = metric
        self.unit = unit
        self.target = target
        self.atMost = atMost
    }

    static var all: [SummaryRow] {
        [
            SummaryRow("service_level", "Service level", \.serviceLevel, .fraction, target: { $0.serviceLevelTarget }),
            SummaryRow("intervals_meeting_target", "Intervals meeting the SL target", \.shareOfIntervalsMeetingTarget, .fraction),
            SummaryRow("abandon_rate", "Abandon rate", \.abandonRate, .fraction, target: { $0.maxAbandonRate }, atMost: true),
            SummaryRow("asa", "Average speed of answer", \.asaSeconds, .seconds),
            SummaryRow("aht", "Average handle time", \.ahtSeconds, .seconds, target: { $0.ahtCeilingSeconds }, atMost: true),
            SummaryRow("fcr", "First-contact resolution", \.fcr, .fraction, target: { $0.fcrTarget }),
            SummaryRow("schedule_adherence", "Schedule adherence", \.scheduleAdherence, .fraction),
            SummaryRow("seat_adherence", "Seat adherence (contracted seat-time staffed)", \.seatAdherence, .fraction),
            SummaryRow("staffed_seat_hours", "Staffed agent-hours", \.staffedSeatHours, .hours),
            SummaryRow("contracted_seat_hours_reported", "Contracted seat-hours, same intervals", \.contractedSeatHoursReported, .hours),
            SummaryRow("staffed_to_contracted", "Staffed / contracted seats", \.staffedToContracted, .fraction),
            SummaryRow("contracted_seat_hours", "Contracted seat-hours, whole period", \.contractedSeatHours, .hours),
            SummaryRow("cost", "Cost", \.cost, .money),
            SummaryRow("cost_per_handled", "Cost per handled contact", \.costPerHandled, .money),
            SummaryRow("value", "Value", \.value, .money),
            SummaryRow("value_per_handled", "Value per handled contact", \.valuePerHandled, .money),
            SummaryRow("net_value", "Net value (value − cost)", \.netValue, .money),
            SummaryRow("net_value_per_handled", "Net value per handled contact", \.netValuePerHandled, .money),
        ]
    }

    /// `value` in the row's unit, for people.
    func format(_ value: Double) -> String {
        switch unit {
        case .fraction: ReportText.percent(value)
        case .seconds: ReportText.seconds(value)
        case .money: ReportText.money(value)
        case .hours: ReportText.hours(value)
        }
    }

    /// Whether `value` meets the target of `terms`; `nil` without a target.
    func meets(_ value: Double, _ terms: ContractTerms) -> Bool? {
        guard let target = target?(terms) else { return nil }
        return atMost ? value <= target + 1e-9 : value >= target - 1e-12
    }
}
