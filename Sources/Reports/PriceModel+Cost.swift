import InterflowCore

extension PriceModel {
    /// What the outsourcer is paid under this price model.
    ///
    /// Per handled contact: price × handled. Per productive hour: price × handle hours (time spent on
    /// contacts). Per seat-hour: price × contracted seat-hours, used or not.
    /// - Parameters:
    ///   - handled: contacts completed.
    ///   - handleSeconds: their total handle time.
    ///   - contractedSeatSeconds: seat-seconds contracted over the period, in the site's local time.
    public func cost(handled: Int, handleSeconds: Double, contractedSeatSeconds: Double) -> Double {
        switch self {
        case .perHandledContact(let price): price * Double(handled)
        case .perProductiveHour(let price): price * handleSeconds / 3600
        case .perSeatHour(let price): price * contractedSeatSeconds / 3600
        }
    }

    /// The price and what it is per, in words: `per handled contact`, `per productive hour`, `per seat-hour`.
    public var basis: (description: String, price: Double) {
        switch self {
        case .perHandledContact(let price): ("per handled contact", price)
        case .perProductiveHour(let price): ("per productive hour", price)
        case .perSeatHour(let price): ("per seat-hour", price)
        }
    }
}
