import Dispatch
import Foundation
import Synchronization

/// `transform` of every element on up to `threads` threads (0: one per core), the results in the
/// elements' order: the same result as `items.map(transform)`, for independent pieces of work (the
/// skills of a plan, the replications of a simulation).
///
/// Each worker takes the next element not yet taken, so that long and short pieces even out; each
/// result slot is written by one thread only.
public func parallelMap<Element: Sendable, Result: Sendable>(
    _ items: [Element], threads: Int, _ transform: @Sendable (Element) -> Result
) -> [Result] {
    let workers = min(threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount, items.count)
    guard workers > 1 else { return items.map(transform) }
    let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
    slots.initialize(repeating: nil)
    defer { slots.deinitialize().deallocate() }
    nonisolated(unsafe) let results = slots
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < items.count else { break }
            results[index] = transform(items[index])
        }
    }
    return slots.map { $0! }
}
