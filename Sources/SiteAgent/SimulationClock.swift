import Foundation

/// The accelerated real-time clock of a simulated site: simulated time runs `speed` times
/// faster than the wall clock, from `simulatedStart`.
///
/// This is the only place the simulated ACD's time comes from a real clock; the ACD itself
/// only ever sees the times it is given.
public struct SimulationClock: Sendable {
    public let simulatedStart: Date
    public let speed: Double
    private let wallStart: ContinuousClock.Instant

    public init(simulatedStart: Date, speed: Double) {
        self.simulatedStart = simulatedStart
        self.speed = speed
        self.wallStart = ContinuousClock.now
    }

    /// The simulated time now.
    public func now() -> Date {
        let elapsed = ContinuousClock.now - wallStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return simulatedStart.addingTimeInterval(seconds * speed)
    }
}
