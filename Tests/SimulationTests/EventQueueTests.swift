import Simulation
import Testing

@Suite struct EventQueueTests {
    @Test func ordersByTimeThenInsertion() {
        var queue = EventQueue<String>()
        queue.schedule("c", at: 5)
        queue.schedule("a", at: 1)
        queue.schedule("d", at: 5)
        queue.schedule("b", at: 2)
        queue.schedule("e", at: 5)
        #expect(queue.count == 5)
        #expect(queue.nextTime == 1)
        var out: [String] = []
        while let (_, event) = queue.popNext() { out.append(event) }
        #expect(out == ["a", "b", "c", "d", "e"])
        #expect(queue.isEmpty)
    }

    @Test func popsOnlyUpToTheLimit() {
        var queue = EventQueue<Int>()
        for i in 0..<100 { queue.schedule(i, at: Double(99 - i)) }
        var times: [Double] = []
        while let (time, _) = queue.popNext(notAfter: 49.5) { times.append(time) }
        #expect(times == (0..<50).map(Double.init))
        #expect(queue.count == 50)
        #expect(queue.nextTime == 50)
    }

    @Test func equalTimesKeepInsertionOrderAtScale() {
        var queue = EventQueue<Int>()
        var generator = SplitMix64(seed: 3)
        for i in 0..<2000 { queue.schedule(i, at: Double(generator.next() % 10)) }
        var last: (time: Double, event: Int) = (-1, -1)
        while let next = queue.popNext() {
            #expect(next.time > last.time || (next.time == last.time && next.event > last.event))
            last = next
        }
    }

    /// Any times (negative, zero of either sign, infinite) come out as a stable sort of them would
    /// give: the packed key keeps the order of the doubles.
    @Test func matchesAStableSortOfAnyTimes() {
        var generator = SplitMix64(seed: 11)
        let special: [Double] = [-.infinity, -1e300, -2.5, -0.0, 0.0, .leastNonzeroMagnitude, 3, 1.78e9, 1.78e9 + 1e-6, .infinity]
        var queue = EventQueue<Int>()
        var scheduled: [(time: Double, index: Int)] = []
        for index in 0..<3000 {
            let time = index % 3 == 0 ? special[Int(generator.next() % UInt64(special.count))] : (Sampling.uniform(using: &generator) - 0.5) * 1e4
            queue.schedule(index, at: time)
            scheduled.append((time, index))
            if index % 7 == 6 {
                // Interleave pops with pushes, as a simulation does.
                let expected = scheduled.enumerated().min {
                    $0.element.time < $1.element.time || ($0.element.time == $1.element.time && $0.element.index < $1.element.index)
                }!
                let popped = queue.popNext()!
                #expect(popped.event == expected.element.index)
                #expect(popped.time == expected.element.time)
                scheduled.remove(at: expected.offset)
            }
        }
        let rest = scheduled.sorted { $0.time < $1.time || ($0.time == $1.time && $0.index < $1.index) }
        var out: [Int] = []
        while let (_, event) = queue.popNext() { out.append(event) }
        #expect(out == rest.map(\.index))
    }
}
