import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One skill's planning problem: its demand and the sites that take it.
public struct SkillProblem: Sendable, Hashable {
    public var demand: SkillDemand
    public var sites: [SiteCapacity]

    public init(demand: SkillDemand, sites: [SiteCapacity]) {
        self.demand = demand
        self.sites = sites
    }
}

extension SkillProblem {
    /// The real-time overflow plans of many skills, solved side by side on up to `threads` cores
    /// (the skills are independent); the result is the same as planning them one after the other.
    public static func overflowPlans(_ problems: [SkillProblem], deadband: Double = 0.03, drainHorizon: Double = 900, threads: Int = 0)
        -> [SharePlan]
    {
        solve(problems, threads: threads) { OverflowPlanner.plan(demand: $0.demand, sites: $0.sites, deadband: deadband, drainHorizon: drainHorizon) }
    }

    /// The value-based allocations of many skills, solved side by side like ``overflowPlans(_:deadband:drainHorizon:threads:)``.
    public static func allocations(_ problems: [SkillProblem], threads: Int = 0) -> [ValueAllocationResult] {
        solve(problems, threads: threads) { ValueAllocator.allocate(demand: $0.demand, sites: $0.sites) }
    }

    /// Applies `work` to every problem on up to `threads` threads (0: one per core), results in order.
    static func solve<Result: Sendable>(_ problems: [SkillProblem], threads: Int, _ work: @Sendable (SkillProblem) -> Result) -> [Result] {
        let workers = min(threads > 0 ? threads : ProcessInfoCores.count, problems.count)
        guard workers > 1 else { return problems.map(work) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: problems.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize().deallocate() }
        nonisolated(unsafe) let results = slots
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            // Each worker takes the next unsolved skill: each slot is written by one thread only.
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < problems.count else { break }
                results[index] = work(problems[index])
            }
        }
        return slots.map { $0! }
    }
}

/// The number of cores the planner may use.
enum ProcessInfoCores {
    static let count: Int = {
        #if canImport(Glibc)
            return max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
        #else
            return 1
        #endif
    }()
}
