import HeapModule

/// The future-event list of a discrete-event simulation: events ordered by time, ties broken by
/// the order they were scheduled in (first scheduled, first out), so a run is reproducible.
///
/// Times are seconds on any monotonic scale the model chooses (the simulated ACD uses seconds
/// since 1970). Cancelling is left to the model: it keeps a generation or a state check in the
/// event and ignores stale events when they come out (lazy cancellation), which keeps the queue
/// a plain binary heap.
///
/// ```swift
/// var queue = EventQueue<String>()
/// queue.schedule("b", at: 10)
/// queue.schedule("a", at: 5)
/// while let (time, event) = queue.popNext(notAfter: 60) { ... }
/// ```
public struct EventQueue<Event> {
    @usableFromInline
    struct Entry: Comparable {
        @usableFromInline let time: Double
        @usableFromInline let sequence: UInt64
        @usableFromInline let event: Event

        @usableFromInline
        init(time: Double, sequence: UInt64, event: Event) {
            self.time = time
            self.sequence = sequence
            self.event = event
        }

        @usableFromInline
        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.time < rhs.time || (lhs.time == rhs.time && lhs.sequence < rhs.sequence)
        }

        @usableFromInline
        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.time == rhs.time && lhs.sequence == rhs.sequence
        }
    }

    @usableFromInline var heap = Heap<Entry>()
    @usableFromInline var nextSequence: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// Events scheduled and not yet taken out.
    public var count: Int { heap.count }

    /// Whether no event is scheduled.
    public var isEmpty: Bool { heap.isEmpty }

    /// Time of the next event, or nil when the queue is empty.
    /// - Complexity: O(1).
    public var nextTime: Double? { heap.min?.time }

    /// Total number of events ever scheduled (the next insertion sequence number).
    public var scheduledCount: UInt64 { nextSequence }

    /// Schedules `event` at `time`. Events at equal times come out in the order they were scheduled.
    /// - Precondition: `time` is not NaN.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func schedule(_ event: Event, at time: Double) {
        precondition(!time.isNaN, "an event cannot be scheduled at NaN")
        heap.insert(Entry(time: time, sequence: nextSequence, event: event))
        nextSequence &+= 1
    }

    /// Takes out the earliest event if its time is not after `limit`.
    /// - Returns: the event and its time, or nil when the queue is empty or the next event is later than `limit`.
    /// - Complexity: O(log n).
    @inlinable
    public mutating func popNext(notAfter limit: Double = .infinity) -> (time: Double, event: Event)? {
        guard let first = heap.min, first.time <= limit else { return nil }
        let entry = heap.removeMin()
        return (entry.time, entry.event)
    }

    /// Removes every scheduled event (the sequence counter keeps running).
    public mutating func removeAll() {
        heap = Heap()
    }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
