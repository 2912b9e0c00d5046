import InterflowCore
import SiteAgent
import Testing

@Suite("traffic source split")
struct TrafficSourceTests {
    @Test("fixed outsourcer shares first, the rest pooled by staffed agents; shares sum to one")
    func split() {
        let network = Fixtures.site(id: "manila", mode: .networkDelivered)
        let routed = Fixtures.site(id: "bogota", mode: .enterpriseRouted)
        let austin = Fixtures.site(id: "austin", mode: .inHouse)
        let krakow = Fixtures.site(id: "krakow", mode: .virtualized)
        let inputs = [
            TrafficSource.ShareInput(site: network, plan: nil, staffed: ["sales": 10]),
            TrafficSource.ShareInput(site: routed, plan: RoutingPlan(version: 3, shares: ["sales": 0.15]), staffed: [:]),
            TrafficSource.ShareInput(site: austin, plan: nil, staffed: ["sales": 30]),
            TrafficSource.ShareInput(site: krakow, plan: nil, staffed: ["sales": 10]),
        ]
        let shares = TrafficSource.shares(skill: "sales", inputs: inputs)
        #expect(abs(shares["manila"]! - 0.2) < 1e-12, "network-delivered: middle of its 10–30 % bounds")
        #expect(abs(shares["bogota"]! - 0.15) < 1e-12, "enterprise-routed: the applied plan's share")
        #expect(abs(shares["austin"]! - 0.65 * 0.75) < 1e-12)
        #expect(abs(shares["krakow"]! - 0.65 * 0.25) < 1e-12)
        #expect(abs(shares.values.reduce(0, +) - 1) < 1e-12)
    }

    @Test("without pooled capacity the fixed shares are scaled to the whole")
    func noPool() {
        let a = Fixtures.site(id: "a", mode: .networkDelivered)
        let b = Fixtures.site(id: "b", mode: .enterpriseRouted)
        let shares = TrafficSource.shares(skill: "sales", inputs: [.init(site: a, plan: nil, staffed: [:]), .init(site: b, plan: nil, staffed: [:])])
        #expect(abs(shares["a"]! - 0.5) < 1e-12)
        #expect(abs(shares.values.reduce(0, +) - 1) < 1e-12)
    }
}
