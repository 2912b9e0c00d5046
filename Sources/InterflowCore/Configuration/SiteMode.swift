/// How a site takes part in the federation, which decides what the coordinator may see and change.
///
/// In-house sites behave like virtualized outsourcers: their agents are visible one by one and
/// each contact can be routed to them. See DESIGN.md, "The three outsourcing modes".
public enum SiteMode: String, Codable, Sendable, CaseIterable, Hashable {
    /// An enterprise-owned center.
    case inHouse = "in-house"
    /// The carrier network sends a percentage of calls straight to the outsourcer.
    case networkDelivered = "network-delivered"
    /// Contacts reach the enterprise ACD first, which redirects a share to the outsourcer's ACD.
    case enterpriseRouted = "enterprise-routed"
    /// The outsourcer's agents are logged into the enterprise ACD.
    case virtualized

    /// Whether the site's agent serves `GET /v1/status` (real-time state).
    public var exposesRealTimeStatus: Bool { self != .networkDelivered }

    /// Whether real-time status carries agent-level detail (states of individual agents).
    public var exposesAgentDetail: Bool { self == .inHouse || self == .virtualized }

    /// Whether the site's agent accepts `PUT /v1/routing`.
    public var acceptsRoutingPlan: Bool { self != .networkDelivered }

    /// Whether single contacts may be routed to the site (to an agent group or agent).
    public var acceptsPerContactRouting: Bool { self == .inHouse || self == .virtualized }

    /// Whether the site's share can change only at the change windows of its contract.
    public var changesOnlyAtWindows: Bool { self == .networkDelivered }

    /// Whether the site plans its own staff (the coordinator sees contracted seats, not schedules).
    public var outsourcerPlansStaff: Bool { self == .networkDelivered || self == .enterpriseRouted }

    /// Whether schedule adherence can be measured for the site.
    public var measuresAdherence: Bool { self == .inHouse || self == .virtualized }

    /// The modes a site of this kind may have.
    public static let outsourcerModes: [SiteMode] = [.networkDelivered, .enterpriseRouted, .virtualized]
}
