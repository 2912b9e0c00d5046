import Testing

@testable import Simulation

@Suite struct RingQueuesTests {
    /// Random appends and removals on several queues, checked step by step against plain arrays;
    /// the rings start small, so they wrap around and grow many times.
    @Test func behavesAsArraysOfQueues() {
        var rings = RingQueues<Int>(queues: 3, capacity: 2, filler: -1)
        var reference: [[Int]] = [[], [], []]
        var generator = SplitMix64(seed: 42)
        for step in 0..<20_000 {
            let q = Int(generator.next() % 3)
            // Lean to appends in the first half, to removals in the second, so queues grow and drain.
            let appending = generator.next() % 100 < (step < 10_000 ? 60 : 40)
            if appending {
                rings.append(step, to: q)
                reference[q].append(step)
            } else if !reference[q].isEmpty {
                #expect(rings.removeFirst(q) == reference[q].removeFirst())
            }
            #expect(rings.count(q) == reference[q].count)
            #expect(rings.first(q) == reference[q].first)
        }
        for q in 0..<3 { #expect(rings.entries(q) == reference[q]) }
        #expect(rings.capacity > 2)
    }

    @Test func replaceKeepsTheOtherQueues() {
        var rings = RingQueues<Int>(queues: 2, capacity: 4, filler: 0)
        for value in 1...3 { rings.append(value, to: 0) }
        rings.removeFirst(0)
        for value in 10...13 { rings.append(value, to: 1) }
        rings.replace(1, with: [7, 8, 9, 10, 11, 12])
        #expect(rings.entries(0) == [2, 3])
        #expect(rings.entries(1) == [7, 8, 9, 10, 11, 12])
        #expect(rings.first(0) == 2)
        rings.append(4, to: 0)
        #expect(rings.entries(0) == [2, 3, 4])
    }
}
