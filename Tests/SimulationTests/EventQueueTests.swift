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
}
