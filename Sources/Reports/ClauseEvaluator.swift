import Foundation
import InterflowCore

/// Turns a contract clause and the period's measurements into an amount.
enum ClauseEvaluator {
    /// Evaluates `clause` for one site over the period.
    ///
    /// - Service-level credit: Σ over intervals with offered contacts of max(0, target − SL) × 100
    ///   points, × per point. Missing intervals are not in the sum.
    /// - FCR bonus: max(0, FCR − target) × 100 points over the period, × per point.
    /// - Abandon-rate credit: max(0, abandon rate − maximum) × 100 points over the period, × per point.
    /// Each is then capped and rounded to cents.
    static func evaluate(_ clause: ContractClause, contract: Contract, tally: IntervalTally, performance: Performance) -> ClauseOutcome {
        let points: Metric
        let basis: String
        switch clause {
        case .serviceLevelCredit:
            points =
                tally.intervalsWithContacts > 0
                ? .measured(tally.serviceLevelShortfallPoints) : .notMeasurable("no interval had an offered contact")
            basis =
                "points of service level below the \(percent(contract.serviceLevelTarget)) target, summed over "
                + "\(tally.intervalsWithContacts) intervals with contacts (\(tally.intervalsWithContacts - tally.intervalsMeetingTarget) below target)"
        case .fcrBonus:
            points = performance.fcr.map { max(0, $0 - contract.fcrTarget) * 100 }
            basis = "points of first-contact resolution above the \(percent(contract.fcrTarget)) target"
        case .abandonRateCredit:
            points = performance.abandonRate.map { max(0, $0 - contract.maxAbandonRate) * 100 }
            basis = "points of abandon rate above the \(percent(contract.maxAbandonRate)) maximum"
        }
        let uncapped = points.map { $0 * clause.perPoint }
        var capped = false
        let amount = uncapped.map { value -> Double in
            guard let cap = clause.cap, value > cap else { return cents(value) }
            capped = true
            return cents(cap)
        }
        let explanation: String
        switch points {
        case .measured(let p):
            explanation =
                "\(number(p)) \(basis) × \(number(clause.perPoint)) per point = \(number(cents(p * clause.perPoint)))"
                + (capped ? ", capped at \(number(clause.cap ?? 0))" : "")
        case .notMeasurable(let reason):
            explanation = "not evaluated: " + reason
        }
        return ClauseOutcome(
            kind: clause.kind, isBonus: clause.isBonus, perPoint: clause.perPoint, cap: clause.cap, points: points, uncapped: uncapped,
            amount: amount, capped: capped, explanation: explanation)
    }

    /// Rounded to the cent, half away from zero.
    static func cents(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func percent(_ fraction: Double) -> String { number(fraction * 100) + " %" }

    /// At most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
