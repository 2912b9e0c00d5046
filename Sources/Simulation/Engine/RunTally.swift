/// What happened to the contacts that arrived in a run's measured window, and what the sites did
/// in it: the raw counts behind the policy simulator's report.
public struct RunTally: Sendable, Hashable {
    /// Per skill (the engine's order).
    public struct Skill: Sendable, Hashable {
        /// Contacts that arrived (each once, wherever it went).
        public var offered = 0
        /// Live contacts answered, answered within the skill's threshold (counting every second
        /// since the first arrival, interflows included), and their total wait.
        public var answered = 0
        public var answeredWithinThreshold = 0
        public var answerWaitSeconds = 0.0
        public var abandoned = 0
        /// Offered a callback instead of a queue; called back, and the delay until then.
        public var callbacksOffered = 0
        public var callbacksAnswered = 0
        public var callbackDelaySeconds = 0.0
        /// Sent to self-service instead of a queue.
        public var selfService = 0
        /// Found no site that takes the skill.
        public var lost = 0
        /// Moved from one site's queue to another's.
        public var interflows = 0
        /// Completed by an agent (live and callbacks), not resolved on first contact, and revenue.
        public var handled = 0
        public var unresolved = 0
        public var revenue = 0.0

        @inline(__always)
        mutating func recordAnswer(wait: Double, within: Bool) {
            answered += 1
            answerWaitSeconds += wait
            if within { answeredWithinThreshold += 1 }
        }

        @inline(__always)
        mutating func recordCallback(delay: Double) {
            callbacksAnswered += 1
            callbackDelaySeconds += delay
        }

        @inline(__always)
        mutating func recordCompletion(resolved: Bool, revenue: Double) {
            handled += 1
            if !resolved { unresolved += 1 }
            self.revenue += revenue
        }
    }

    /// Per site (the engine's order).
    public struct Site: Sendable, Hashable {
        /// Contacts first sent here (its share of the volume).
        public var delivered = 0
        public var answered = 0
        public var abandoned = 0
        public var handled = 0
        public var handleSeconds = 0.0
        public var unresolved = 0
        public var revenue = 0.0
        /// Agent-seconds with a contact, and logged in, inside the window: occupancy is their ratio.
        public var busySeconds = 0.0
        public var staffedSeconds = 0.0

        @inline(__always)
        mutating func recordCompletion(handleSeconds: Double, resolved: Bool, revenue: Double) {
            handled += 1
            self.handleSeconds += handleSeconds
            if !resolved { unresolved += 1 }
            self.revenue += revenue
        }
    }

    public var skills: [Skill]
    public var sites: [Site]

    public init(skills: Int, sites: Int) {
        self.skills = Array(repeating: Skill(), count: skills)
        self.sites = Array(repeating: Site(), count: sites)
    }

    public init(skills: [Skill], sites: [Site]) {
        self.skills = skills
        self.sites = sites
    }
}
