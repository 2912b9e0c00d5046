import Foundation
import InterflowCore

/// Staffed against contracted seat-time over a site's reported intervals.
///
/// A site's skills share its agents (an agent with k skills adds 1/k of its time to each skill's
/// `staffedSeconds`), so an interval's staffed time is the sum over the skills; an interval counts
/// only when every skill of the site reported it, so that a missing skill never reads as nobody staffed.
struct SeatTally: Sendable, Hashable {
    var staffedSeconds = 0.0
    var contractedSeconds = 0.0
    /// Σ min(staffed, contracted), interval by interval: contracted seat-time that was staffed.
    var coveredSeconds = 0.0
    var slots = 0
    var slotsWithoutStaffed = 0

    init() {}

    init(records: [IntervalRecord], skills: [String], plan: SeatPlan, clock: SiteClock) {
        let byStart = Dictionary(grouping: records.filter { skills.contains($0.skill) }, by: \.start)
        for (start, group) in byStart where Set(group.map(\.skill)).count == skills.count {
            slots += 1
            let staffed = group.compactMap(\.staffedSeconds)
            guard staffed.count == group.count else {
                slotsWithoutStaffed += 1
                continue
            }
            let length = group.map(\.lengthSeconds).max() ?? 0
            let contracted = clock.seatSeconds(plan, from: start, to: start.addingTimeInterval(Double(length)))
            let total = staffed.reduce(0, +)
            staffedSeconds += total
            contractedSeconds += contracted
            coveredSeconds += min(total, contracted)
        }
    }

    mutating func merge(_ other: SeatTally) {
        staffedSeconds += other.staffedSeconds
        contractedSeconds += other.contractedSeconds
        coveredSeconds += other.coveredSeconds
        slots += other.slots
        slotsWithoutStaffed += other.slotsWithoutStaffed
    }

    /// Why staffed time cannot be compared with contracted seats, or `nil` when it can.
    var problem: String? {
        if slots == 0 { return "no interval was reported for every skill of the site" }
        if slotsWithoutStaffed == slots { return "the interval reports carry no staffed time" }
        if slotsWithoutStaffed > 0 { return "\(slotsWithoutStaffed) of \(slots) intervals report no staffed time" }
        return nil
    }
}
