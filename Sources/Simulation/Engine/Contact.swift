/// One contact in a simulation: what it is, when it arrived, where it is, and the random draws
/// that decide its fate, fixed when it arrives.
///
/// Its handle time, whether it is resolved and whether it converts are drawn as uniforms at arrival
/// and turned into figures by the site that handles it (``InterflowCore/DurationDistribution/quantile(_:)``);
/// its patience is a deadline from its first arrival. So the same contact behaves the same under
/// every policy compared, wherever it is sent: common random numbers, which make the differences
/// between policies far more precise than the policies' own figures.
public struct Contact: Sendable {
    public enum State: UInt8, Sendable {
        /// The slot is unused.
        case free
        /// Created, not yet at a site.
        case arriving
        /// In a site's queue (live).
        case waiting
        /// Between two sites: taken out of one queue, not yet in the next (an interflow).
        case transferring
        /// Left the line; a callback waits in a site's queue.
        case callbackWaiting
        /// With an agent.
        case inService
    }

    public var skill: Int32
    public var segment: Int32
    /// The queue priority rank: 0 is served first.
    public var rank: Int32
    /// When it first arrived, seconds.
    public var arrival: Double
    /// When it joined the queue it is in now.
    public var queuedAt: Double = 0
    /// When the customer hangs up if not answered (∞: never).
    public var deadline: Double
    public var handleDraw: Double
    public var resolveDraw: Double
    public var convertDraw: Double
    /// Chooses the site among fixed shares, and whether an unresolved contact calls again.
    public var routeDraw: Double = 0
    public var repeatDraw: Double = 1
    /// The arrival stream it came from.
    public var stream: Int32 = -1
    public var site: Int32 = -1
    /// The first site it was sent to.
    public var origin: Int32 = -1
    public var state: State = .arriving
    /// Bumped when the slot is reused, so that events about an earlier contact are ignored.
    public var generation: UInt32 = 0
    /// Whether it arrived inside the measured window (its outcome counts in the run's tally).
    public var counted: Bool
    /// The site and agent that served this customer last (a repeat contact), or -1.
    public var previousSite: Int32 = -1
    public var previousAgent: Int32 = -1
    /// Times it was moved to another site.
    public var transfers: Int32 = 0

    public init(
        skill: Int32, segment: Int32, rank: Int32, arrival: Double, deadline: Double, handleDraw: Double, resolveDraw: Double,
        convertDraw: Double, counted: Bool
    ) {
        self.skill = skill
        self.segment = segment
        self.rank = rank
        self.arrival = arrival
        self.deadline = deadline
        self.handleDraw = handleDraw
        self.resolveDraw = resolveDraw
        self.convertDraw = convertDraw
        self.counted = counted
    }
}

/// A handle on a contact: its slot and the generation of the slot it was made in.
public struct ContactID: Sendable, Hashable {
    public var slot: Int32
    public var generation: UInt32
}

/// The contacts of a simulation in reusable slots, so that a long run keeps a bounded table.
struct ContactPool: Sendable {
    private(set) var contacts: [Contact] = []
    private var free: [Int32] = []

    /// Stores a new contact and returns its handle.
    mutating func add(_ contact: Contact) -> ContactID {
        if let slot = free.popLast() {
            var stored = contact
            stored.generation = contacts[Int(slot)].generation &+ 1
            contacts[Int(slot)] = stored
            return ContactID(slot: slot, generation: stored.generation)
        }
        contacts.append(contact)
        return ContactID(slot: Int32(contacts.count - 1), generation: contact.generation)
    }

    /// Whether `id` still names a live contact (not released since).
    @inline(__always)
    func isCurrent(_ id: ContactID) -> Bool {
        let contact = contacts[Int(id.slot)]
        return contact.generation == id.generation && contact.state != .free
    }

    @inline(__always)
    subscript(slot: Int32) -> Contact {
        get { contacts[Int(slot)] }
        set { contacts[Int(slot)] = newValue }
    }

    /// Sets a contact's state in place.
    @inline(__always)
    mutating func setState(_ slot: Int32, _ state: Contact.State) {
        contacts[Int(slot)].state = state
    }

    /// Records a contact's arrival at site `site` at `time` (its first site, if it had none).
    @inline(__always)
    mutating func arrive(_ slot: Int32, at site: Int32, time: Double) {
        let i = Int(slot)
        if contacts[i].origin < 0 { contacts[i].origin = site }
        contacts[i].site = site
        contacts[i].queuedAt = time
    }

    /// Frees a slot for reuse.
    mutating func release(_ slot: Int32) {
        contacts[Int(slot)].state = .free
        free.append(slot)
    }

    /// Contacts not yet released.
    var live: Int { contacts.count - free.count }
}
