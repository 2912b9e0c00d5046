/// The future-event list of a discrete-event simulation: events ordered by time, ties broken by
/// the order they were scheduled in (first scheduled, first out), so a run is reproducible.
///
/// Times are seconds on any monotonic scale the model chooses (the engine uses seconds since
/// 1970). Cancelling is left to the model: it keeps a generation or a state check in the event and
/// ignores stale events when they come out (lazy cancellation), which keeps the queue a plain heap.
///
/// An implicit 4-ary min-heap on (time, sequence), packed in one 128-bit key, in one array: half the depth of a binary heap,
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
        /// (time, sequence) as one unsigned integer: the time's bits mapped to an order-preserving
        /// `UInt64` above the sequence number, so that ordering two entries is one 128-bit compare
        /// (no branch for the tie), and choosing among four children compiles to conditional moves.
        @usableFromInline var key: UInt128
        @usableFromInline var event: Event

        @usableFromInline
        init(time: Double, sequence: UInt64, event: Event) {
            self.key = UInt128(Self.orderedBits(time)) << 64 | UInt128(sequence)
            self.event = event
        }

        @inlinable @inline(__always)
        var time: Double { Self.time(ofOrderedBits: UInt64(truncatingIfNeeded: key >> 64)) }

        /// A double's bits as an unsigned integer in the same order: positive numbers get the sign
        /// bit set, negative ones all bits flipped (−0 is made +0 first, so that they tie).
        @inlinable @inline(__always)
        static func orderedBits(_ time: Double) -> UInt64 {
            let bits = (time + 0).bitPattern
            let mask = UInt64(bitPattern: Int64(bitPattern: bits) >> 63) | 0x8000_0000_0000_0000
            return bits ^ mask
        }

        @inlinable @inline(__always)
        static func time(ofOrderedBits ordered: UInt64) -> Double {
            let mask = ordered & 0x8000_0000_0000_0000 != 0 ? 0x8000_0000_0000_0000 : UInt64.max
            return Double(bitPattern: ordered ^ mask)
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
                guard entry.key < heap[parent].key else { break }
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
        guard let first = entries.first else { return nil }
        let time = first.time
        guard time <= limit else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return (time, first.event) }
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            let lastKey = last.key
            var parent = 0
            while true {
                let firstChild = 4 * parent + 1
                if firstChild >= count { break }
                var best = firstChild
                var bestKey = heap[firstChild].key
                if firstChild + 3 < count {
                    // A full set of four: no bound checks, selections without branches.
                    for candidate in firstChild + 1...firstChild + 3 {
                        let key = heap[candidate].key
                        let better = key < bestKey
                        best = better ? candidate : best
                        bestKey = better ? key : bestKey
                    }
                } else {
                    for candidate in firstChild + 1..<count {
                        let key = heap[candidate].key
                        if key < bestKey {
                            best = candidate
                            bestKey = key
                        }
                    }
                }
                guard bestKey < lastKey else { break }
                heap[parent] = heap[best]
                parent = best
            }
            heap[parent] = last
        }
        return (time, first.event)
    }

    /// Removes every scheduled event (the sequence counter keeps running).
    public mutating func removeAll() {
        entries.removeAll()
    }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
