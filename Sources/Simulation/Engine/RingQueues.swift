/// A fixed number of first-in first-out queues of plain values, as rings in one flat array: the
/// engine's queues of waiting contacts (per skill and rank) and lists of idle agents (per skill).
///
/// One array for them all, not an array per queue: reaching a queue's front from the site is index
/// arithmetic, with no inner array to retain and check for uniqueness on the hot path. Every ring
/// has the same capacity; when one fills, all double (a copy of the live entries, amortised O(1)),
/// so the memory is the number of queues times the longest queue seen, at most twice over: a few
/// kilobytes for a site's handful of skills and ranks.
struct RingQueues<Element>: Sendable where Element: Sendable {
    private(set) var capacity: Int
    private var ring: [Element]
    private var heads: [Int]
    private var counts: [Int]
    /// What unused slots hold.
    private let filler: Element

    /// `queues` empty queues, room for `capacity` entries each before they grow.
    init(queues: Int, capacity: Int, filler: Element) {
        self.capacity = max(capacity, 1)
        self.filler = filler
        ring = Array(repeating: filler, count: queues * self.capacity)
        heads = Array(repeating: 0, count: queues)
        counts = Array(repeating: 0, count: queues)
    }

    @inline(__always)
    func count(_ q: Int) -> Int { counts[q] }

    /// The oldest entry of queue `q`, or nil when it is empty.
    @inline(__always)
    func first(_ q: Int) -> Element? { counts[q] > 0 ? ring[q * capacity + heads[q]] : nil }

    /// Takes out the oldest entry of queue `q`.
    /// - Precondition: queue `q` is not empty.
    @inline(__always)
    @discardableResult
    mutating func removeFirst(_ q: Int) -> Element {
        precondition(counts[q] > 0, "removeFirst from an empty queue")
        let element = ring[q * capacity + heads[q]]
        let next = heads[q] + 1
        heads[q] = next == capacity ? 0 : next
        counts[q] -= 1
        return element
    }

    /// Adds `element` at the back of queue `q`.
    @inline(__always)
    mutating func append(_ element: Element, to q: Int) {
        if counts[q] == capacity { grow() }
        var slot = heads[q] + counts[q]
        if slot >= capacity { slot -= capacity }
        ring[q * capacity + slot] = element
        counts[q] += 1
    }

    /// Queue `q`'s entries, oldest first.
    func entries(_ q: Int) -> [Element] {
        (0..<counts[q]).map { ring[q * capacity + (heads[q] + $0) % capacity] }
    }

    /// Replaces queue `q`'s entries.
    mutating func replace(_ q: Int, with entries: [Element]) {
        while entries.count > capacity { grow() }
        for (i, entry) in entries.enumerated() { ring[q * capacity + i] = entry }
        heads[q] = 0
        counts[q] = entries.count
    }

    private mutating func grow() {
        let wider = capacity * 2
        var next = Array(repeating: filler, count: heads.count * wider)
        for q in heads.indices {
            for i in 0..<counts[q] { next[q * wider + i] = ring[q * capacity + (heads[q] + i) % capacity] }
            heads[q] = 0
        }
        ring = next
        capacity = wider
    }
}
