import Foundation
import Testing

@testable import Queueing

@Suite("Erlang A abandonment rate and its derivatives")
struct AbandonmentRateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var agents: Int
        var aht: Double
        var patience: Double
        /// Offered load over agents.
        var utilisation: Double
        var testDescription: String { "n=\(agents) AHT=\(aht)s patience=\(patience)s a/n=\(utilisation)" }
    }

    static let cases: [Case] = [
        Case(agents: 1, aht: 300, patience: 180, utilisation: 0.5),
        Case(agents: 7, aht: 240, patience: 180, utilisation: 0.86),
        Case(agents: 30, aht: 300, patience: 180, utilisation: 0.3),
        Case(agents: 30, aht: 300, patience: 180, utilisation: 0.95),
        Case(agents: 50, aht: 300, patience: 60, utilisation: 1.2),
        Case(agents: 120, aht: 200, patience: 20, utilisation: 2.5),
        Case(agents: 900, aht: 240, patience: 300, utilisation: 0.98),
        Case(agents: 900, aht: 240, patience: 300, utilisation: 1.5),
        Case(agents: 4000, aht: 180, patience: 120, utilisation: 0.9),
    ]

    static func rate(_ c: Case, scale: Double = 1) -> Double { c.utilisation * Double(c.agents) / c.aht * scale }

    @Test("the value is λ × P(Ab) of the full model", arguments: cases)
    func value(_ c: Case) {
        let model = ErlangA(arrivalRate: Self.rate(c), handleTime: c.aht, patience: c.patience, agents: c.agents)
        let expected = model.arrivalRate * model.metrics(threshold: 20).probabilityOfAbandoning
        #expect(isClose(model.abandonmentRate.value, expected, relative: 1e-10, absolute: 1e-300), "\(model.abandonmentRate) vs \(expected)")
    }

    @Test("slope and curvature agree with central differences of the full model", arguments: cases)
    func derivatives(_ c: Case) {
        let lambda = Self.rate(c)
        func r(_ rate: Double) -> Double {
            rate * ErlangA(arrivalRate: rate, handleTime: c.aht, patience: c.patience, agents: c.agents).metrics(threshold: 0).probabilityOfAbandoning
        }
        let h = lambda * 1e-4
        let slope = (r(lambda + h) - r(lambda - h)) / (2 * h)
        let curvature = (r(lambda + h) - 2 * r(lambda) + r(lambda - h)) / (h * h)
        let point = ErlangA(arrivalRate: lambda, handleTime: c.aht, patience: c.patience, agents: c.agents).abandonmentRate
        #expect(isClose(point.slope, slope, relative: 1e-5, absolute: 1e-12), "slope \(point.slope) vs \(slope)")
        #expect(
            isClose(point.curvature, curvature, relative: 1e-3, absolute: 1e-6 * abs(point.slope) / lambda),
            "curvature \(point.curvature) vs \(curvature)")
    }

    @Test("the abandonment rate is convex and increasing in λ, and tends to λ − nμ in overload")
    func convexity() {
        for (agents, patience) in [(5, 60.0), (40, 180.0), (400, 600.0)] {
            var previousSlope = -Double.infinity
            for step in 1...60 {
                let rate = Double(step) * 0.05 * Double(agents) / 300
                let point = ErlangA(arrivalRate: rate, handleTime: 300, patience: patience, agents: agents).abandonmentRate
                // Rounding only: deep in overload the slope is 1 to twelve digits and the curvature 0 (here to 1e-9).
                #expect(
                    point.slope >= 0 && point.curvature >= -1e-7 * point.slope / rate,
                    "n=\(agents) patience=\(patience) λ·AHT/n=\(rate * 300 / Double(agents)): \(point)")
                #expect(point.slope >= previousSlope - 1e-9, "the slope must not fall: n=\(agents) λ=\(rate)")
                previousSlope = point.slope
            }
            let overload = ErlangA(arrivalRate: 10 * Double(agents) / 300, handleTime: 300, patience: patience, agents: agents).abandonmentRate
            let fluid = 10 * Double(agents) / 300 - Double(agents) / 300
            #expect(isClose(overload.value, fluid, relative: 0.02), "\(overload.value) vs fluid \(fluid)")
            #expect(isClose(overload.slope, 1, relative: 0.02))
        }
    }

    @Test("no agents: everyone abandons; infinite patience: nobody does")
    func limits() {
        let none = ErlangA(arrivalRate: 0.1, handleTime: 300, patience: 120, agents: 0).abandonmentRate
        #expect(none == RateCurvePoint(value: 0.1, slope: 1, curvature: 0))
        let patient = ErlangA(arrivalRate: 0.1, handleTime: 300, patience: .infinity, agents: 40).abandonmentRate
        #expect(patient == .zero)
        let idle = ErlangA(arrivalRate: 1e-9, handleTime: 300, patience: 120, agents: 40).abandonmentRate
        #expect(idle.value >= 0 && idle.value < 1e-30)
    }
}
