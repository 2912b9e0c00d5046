import Foundation

/// The coordinator's view of whether a site's data can be trusted, as a state machine.
///
/// - healthy: the last poll gave valid data.
/// - degraded: the last poll failed or was rejected, but good data is still recent.
/// - stale: no good data for longer than the stale age; the planner gives the site no new work.
/// - down: no good data for longer than the down age.
///
/// Events (`pollSucceeded`, `pollFailed`, `clockTicked`) return the transition they caused, if
/// any, so the caller can log it; the machine itself does no I/O.
public struct SiteHealth: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case healthy, degraded, stale, down
    }

    /// A change of state, with the reason in the operator's words.
    public struct Transition: Sendable, Hashable {
        public var from: State
        public var to: State
        public var reason: String
    }

    public private(set) var state: State
    public private(set) var reason: String
    /// When the current state began.
    public private(set) var since: Date
    /// When the last good data arrived.
    public private(set) var lastGood: Date?
    /// The reason of the latest failure, kept for stale and down explanations.
    public private(set) var lastFailure: String?
    public private(set) var consecutiveFailures: Int

    /// Age of the last good data after which the site is stale, seconds.
    public let staleAfter: Double
    /// Age of the last good data after which the site is down, seconds.
    public let downAfter: Double

    /// A new site starts stale: nothing is known about it yet.
    public init(staleAfter: Double, downAfter: Double, now: Date) {
        self.state = .stale
        self.reason = "not polled yet"
        self.since = now
        self.lastGood = nil
        self.lastFailure = nil
        self.consecutiveFailures = 0
        self.staleAfter = staleAfter
        self.downAfter = max(downAfter, staleAfter)
    }

    /// Age of the last good data at `now`, or nil when there never was any.
    public func age(at now: Date) -> Double? { lastGood.map { now.timeIntervalSince($0) } }

    /// Valid data arrived.
    @discardableResult
    public mutating func pollSucceeded(at now: Date) -> Transition? {
        lastGood = now
        consecutiveFailures = 0
        let reason = state == .healthy ? reason : (state == .stale && lastFailure == nil ? "first good poll" : "recovered: valid data again")
        return move(to: .healthy, reason: reason, at: now)
    }

    /// A poll failed (transport) or its answer was rejected (validation).
    @discardableResult
    public mutating func pollFailed(reason failure: String, at now: Date) -> Transition? {
        lastFailure = failure
        consecutiveFailures += 1
        guard let age = age(at: now) else {
            return move(to: consecutiveFailures >= 3 ? .down : .stale, reason: "no good data yet: \(failure)", at: now)
        }
        switch classify(age: age) {
        case .healthy, .degraded:
            return move(to: .degraded, reason: failure, at: now)
        case .stale:
            return move(to: .stale, reason: "no good data for \(Units.format(seconds: age)) s; last failure: \(failure)", at: now)
        case .down:
            return move(to: .down, reason: "no good data for \(Units.format(seconds: age)) s; last failure: \(failure)", at: now)
        }
    }

    /// Time passed: data may have aged into stale or down.
    @discardableResult
    public mutating func clockTicked(at now: Date) -> Transition? {
        guard let age = age(at: now) else { return nil }
        let aged = classify(age: age)
        guard aged == .stale || aged == .down, severity(aged) > severity(state) else { return nil }
        let cause = lastFailure.map { "; last failure: \($0)" } ?? ""
        return move(to: aged, reason: "no good data for \(Units.format(seconds: age)) s\(cause)", at: now)
    }

    private func classify(age: Double) -> State {
        if age > downAfter { return .down }
        if age > staleAfter { return .stale }
        return .healthy
    }

    private func severity(_ state: State) -> Int {
        switch state {
        case .healthy: 0
        case .degraded: 1
        case .stale: 2
        case .down: 3
        }
    }

    private mutating func move(to next: State, reason: String, at now: Date) -> Transition? {
        let previous = state
        self.reason = reason
        guard next != previous else { return nil }
        state = next
        since = now
        return Transition(from: previous, to: next, reason: reason)
    }
}
