/// The value a site created with the contacts it handled, measured from closed intervals.
///
/// value = revenue − repeat-contact cost × (handled − resolved on first contact), where the repeat
/// contact cost comes from the federation's ``ValueModel``: a contact not resolved the first time
/// causes another one, which costs that much. Per handled contact, it is the measure the planner
/// allocates volume on and the contract review compares sites by.
///
/// Outcomes (first-contact resolutions, revenue) belong to the interval in which a contact was
/// completed, so they are set against `handled`, the contacts completed in the same intervals.
public struct ContactValue: Sendable, Hashable, Codable {
    /// Contacts completed in the measured intervals.
    public var handled: Int
    /// Revenue of those contacts (conversions), in the federation's currency.
    public var revenue: Double
    /// Handled contacts not resolved on first contact: each causes a repeat contact.
    public var unresolved: Int
    /// `unresolved` × the value model's repeat-contact cost.
    public var repeatContactCost: Double

    public init(handled: Int, revenue: Double, unresolved: Int, repeatContactCost: Double) {
        self.handled = handled
        self.revenue = revenue
        self.unresolved = unresolved
        self.repeatContactCost = repeatContactCost
    }

    /// Revenue less the cost of repeat contacts.
    public var total: Double { revenue - repeatContactCost }

    /// `total` per handled contact, or `nil` when nothing was handled.
    public var perHandledContact: Double? { handled > 0 ? total / Double(handled) : nil }

    /// Why a value could not be measured: the intervals lack what the formula needs.
    public struct NotMeasurable: Error, Sendable, Hashable, CustomStringConvertible {
        /// In words, ready to show a user (e.g. "the site's interval reports carry no revenue").
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// Measures the value of the contacts handled in `intervals`.
    ///
    /// Every interval that handled a contact must report both `revenue` and `resolvedFirstContact`:
    /// a value measured on some intervals only would be read as the whole period's, so a gap makes
    /// the value not measurable rather than smaller. Intervals that handled nothing are ignored.
    /// - Parameters:
    ///   - intervals: closed intervals, any sites and skills (the caller chooses which).
    ///   - model: the federation's value model (its repeat-contact cost).
    /// - Returns: the value, or why it cannot be measured (also when nothing was handled).
    /// - Complexity: O(n) for n intervals.
    public static func measure(_ intervals: some Sequence<IntervalRecord>, model: ValueModel) -> Result<ContactValue, NotMeasurable> {
        var handled = 0
        var revenue = 0.0
        var resolved = 0
        var withoutRevenue = 0
        var withoutFCR = 0
        var working = 0
        for interval in intervals where interval.handled > 0 {
            working += 1
            handled += interval.handled
            if let r = interval.revenue { revenue += r } else { withoutRevenue += 1 }
            if let f = interval.resolvedFirstContact { resolved += f } else { withoutFCR += 1 }
        }
        if working == 0 { return .failure(NotMeasurable(reason: "no contact was handled")) }
        if withoutRevenue == working && withoutFCR == working {
            return .failure(NotMeasurable(reason: "the interval reports carry neither revenue nor first-contact resolution"))
        }
        if withoutRevenue > 0 {
            return .failure(NotMeasurable(reason: "\(withoutRevenue) of \(working) intervals with handled contacts report no revenue"))
        }
        if withoutFCR > 0 {
            return .failure(
                NotMeasurable(reason: "\(withoutFCR) of \(working) intervals with handled contacts report no first-contact resolution"))
        }
        let unresolved = max(handled - resolved, 0)
        return .success(
            ContactValue(handled: handled, revenue: revenue, unresolved: unresolved, repeatContactCost: Double(unresolved) * model.repeatContactCost))
    }
}
