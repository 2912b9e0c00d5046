import Foundation
import InterflowCore
import Testing

@Suite("site health state machine")
struct SiteHealthTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a new site is stale until its first good poll, then healthy")
    func firstPoll() {
        var health = SiteHealth(staleAfter: 6, downAfter: 20, now: t0)
        #expect(health.state == .stale)
        let transition = health.pollSucceeded(at: t0.addingTimeInterval(1))
        #expect(transition?.to == .healthy)
        #expect(health.state == .healthy)
    }

    @Test("a failure with recent good data degrades; ageing makes it stale, then down, each with the reason")
    func ageing() {
        var health = SiteHealth(staleAfter: 6, downAfter: 20, now: t0)
        health.pollSucceeded(at: t0)
        health.pollFailed(reason: "connection failed: refused", at: t0.addingTimeInterval(2))
        #expect(health.state == .degraded)
        #expect(health.reason == "connection failed: refused")
        #expect(health.clockTicked(at: t0.addingTimeInterval(5)) == nil)
        let stale = health.clockTicked(at: t0.addingTimeInterval(7))
        #expect(stale?.to == .stale)
        #expect(health.reason.contains("no good data for 7 s"))
        #expect(health.reason.contains("connection failed: refused"))
        let down = health.clockTicked(at: t0.addingTimeInterval(21))
        #expect(down?.to == .down)
        #expect(health.clockTicked(at: t0.addingTimeInterval(30)) == nil, "down stays down without a new transition")
        let back = health.pollSucceeded(at: t0.addingTimeInterval(31))
        #expect(back?.from == .down)
        #expect(back?.to == .healthy)
        #expect(health.reason.contains("recovered"))
    }

    @Test("failures on old data go straight to stale or down")
    func failureOnOldData() {
        var health = SiteHealth(staleAfter: 6, downAfter: 20, now: t0)
        health.pollSucceeded(at: t0)
        #expect(health.pollFailed(reason: "timeout", at: t0.addingTimeInterval(10))?.to == .stale)
        #expect(health.pollFailed(reason: "timeout", at: t0.addingTimeInterval(25))?.to == .down)
    }

    @Test("ticking never upgrades health")
    func tickNeverUpgrades() {
        var health = SiteHealth(staleAfter: 6, downAfter: 20, now: t0)
        health.pollSucceeded(at: t0)
        health.pollFailed(reason: "bad json", at: t0.addingTimeInterval(1))
        #expect(health.clockTicked(at: t0.addingTimeInterval(2)) == nil)
        #expect(health.state == .degraded)
    }
}
