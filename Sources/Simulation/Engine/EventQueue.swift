/// The future-event list of a discrete-event simulation: events ordered by time, ties broken by
/// the order they were scheduled in (first scheduled, first out), so a run is reproducible.
///
/// Times are seconds on any monotonic scale the model chooses (the engine uses seconds since
/// 1970). Cancelling is left to the model: it keeps a generation or a state check in the event and
/// ignores stale events when they come out (lazy cancellation), which keeps the queue a plain heap.
///
/// An implicit 4-ary min-heap on (time, sequence) in one array: half the depth of a binary heap,
/// and the four children of a node share a cache line or two, so that a push or a pop costs a few
/// tens of nanoseconds at the sizes a contact-center model keeps (hundreds to tens of thousands of
/// pending events). On the hold model it takes about three quarters of the time of
/// swift-collections' min-max `Heap`, which also keeps the maximum in order (BENCHMARKS.md,
/// "Simulator").
///
/// ```swift
/// var queue = EventQueue<String>()
/// queue.schedule("b", at: 10)
/// queue.schedule("a", at: 5)
/// while let (time, event) = queue.popNext(notAfter: 60) { ... }
/// ```
public struct EventQueue<Event> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var sequence: UInt64
        @usableFromInline var event: Event

        @usableFromInline
        init(time: Double, sequence: UInt64, event: Event) {
            self.time = time
            self.sequence = sequence
            self.event = event
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// Events scheduled and not yet taken out.
    public var count: Int { entries.count }

    /// Whether no event is scheduled.
    public var isEmpty: Bool { entries.isEmpty }

    /// Time of the next event, or nil when the queue is empty.
    /// - Complexity: O(1).
    public var nextTime: Double? { entries.first?.time }

    /// Total number of events ever scheduled (the next insertion sequence number).
    public var scheduledCount: UInt64 { nextSequence }

    /// Schedules `event` at `time`. Events at equal times come out in the order they were scheduled.
    /// - Precondition: `time` is not NaN.
    /// - Complexity: O(log₄ n).
    @inlinable
    public mutating func schedule(_ event: Event, at time: Double) {
        precondition(!time.isNaN, "an event cannot be scheduled at NaN")
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        entries.append(entry)
        entries.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) >> 2
                guard entry.precedes(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    /// Takes out the earliest event if its time is not after `limit`.
    /// - Returns: the event and its time, or nil when the queue is empty or the next event is later than `limit`.
    /// - Complexity: O(log₄ n).
    @inlinable
    public mutating func popNext(notAfter limit: Double = .infinity) -> (time: Double, event: Event)? {
        guard let first = entries.first, first.time <= limit else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return (first.time, first.event) }
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = 0
            while true {
                let firstChild = 4 * parent + 1
                if firstChild >= count { break }
                var best = firstChild
                let end = min(firstChild + 4, count)
                var candidate = firstChild + 1
                while candidate < end {
                    if heap[candidate].precedes(heap[best]) { best = candidate }
                    candidate += 1
                }
                guard heap[best].precedes(last) else { break }
                heap[parent] = heap[best]
                parent = best
            }
            heap[parent] = last
        }
        return (first.time, first.event)
    }

    /// Removes every scheduled event (the sequence counter keeps running).
    public mutating func removeAll() {
        entries.removeAll()
    }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
