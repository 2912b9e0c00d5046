/// A first-in first-out queue of plain values in one array and a head index: the engine's queues
/// of waiting contacts and lists of idle agents.
///
/// Taking from the front only moves the head; the array is emptied (keeping its capacity) when the
/// queue runs empty, which in a contact center it does all the time, and otherwise compacted once
/// the taken prefix is at least half of it, so that every operation is amortised O(1) and memory
/// stays within twice the queue's peak. It does less than swift-collections' `Deque` (no insertion
/// at the front) and so costs less per operation on the engine's hot path.
struct FIFOQueue<Element>: Sequence {
    private var storage: [Element] = []
    private var head = 0

    init() {}

    init(_ elements: some Sequence<Element>) {
        storage = Array(elements)
    }

    /// The oldest element, or nil when empty.
    @inline(__always)
    var first: Element? { head < storage.count ? storage[head] : nil }

    var count: Int { storage.count - head }

    var isEmpty: Bool { head == storage.count }

    @inline(__always)
    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// Takes out the oldest element.
    /// - Precondition: the queue is not empty.
    @inline(__always)
    @discardableResult
    mutating func removeFirst() -> Element {
        let element = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32 && 2 * head >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }

    func makeIterator() -> ArraySlice<Element>.Iterator {
        storage[head...].makeIterator()
    }
}

extension FIFOQueue: Sendable where Element: Sendable {}
