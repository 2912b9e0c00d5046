import Testing

@testable import Queueing

@Suite("Expected wait")
struct ExpectedWaitTests {
    @Test("a free agent means no wait")
    func freeAgent() {
        let e = ExpectedWait.live(.init(waiting: 1, agentsStaffed: 10, agentsBusy: 8, handleTime: 300, patience: 60))
        #expect(e.expectedWait == 0 && e.probabilityOfAnswer == 1)
    }

    @Test("without abandonment the wait is (k + 1)/(nμ)")
    func patient() {
        let e = ExpectedWait.live(.init(waiting: 9, agentsStaffed: 20, agentsBusy: 20, handleTime: 300))
        #expect(isClose(e.expectedWait, 10 * 300 / 20, relative: 1e-15))
        #expect(e.probabilityOfAnswer == 1)
    }

    @Test("with abandonment: Σ 1/(nμ + iθ), the same by sum and by digamma")
    func impatient() {
        for waiting in [0, 5, 63, 64, 65, 500] {
            let queue = ExpectedWait.LiveQueue(waiting: waiting, agentsStaffed: 30, agentsBusy: 30, handleTime: 240, patience: 150)
            let e = ExpectedWait.live(queue)
            let serviceRate = 30.0 / 240
            var direct = 0.0
            for i in 0...waiting { direct += 1 / (serviceRate + Double(i) / 150) }
            #expect(isClose(e.expectedWait, direct, relative: 1e-13), "k=\(waiting)")
            let served = serviceRate / (serviceRate + Double(waiting + 1) / 150)
            #expect(isClose(e.probabilityOfAnswer, served, relative: 1e-15))
            #expect(e.expectedTimeInQueue <= e.expectedWait && e.expectedTimeInQueue <= 150)
        }
    }

    @Test("no agents: an infinite wait, never answered")
    func noAgents() {
        let e = ExpectedWait.live(.init(waiting: 3, agentsStaffed: 0, agentsBusy: 0, handleTime: 240, patience: 100))
        #expect(e.expectedWait == .infinity && e.probabilityOfAnswer == 0 && e.expectedTimeInQueue == 100)
    }

    @Test("model EWT: Erlang C ASA, Erlang A offered wait between the mean wait and Erlang C")
    func model() {
        let c = ExpectedWait.model(.erlangC, arrivalRate: 0.25, handleTime: 240, agents: 65)
        #expect(isClose(c, ErlangC(arrivalRate: 0.25, handleTime: 240, agents: 65).averageSpeedOfAnswer, relative: 1e-15))
        let a = ExpectedWait.model(.erlangA(patience: 180), arrivalRate: 0.25, handleTime: 240, agents: 65)
        let metrics = ErlangA(arrivalRate: 0.25, handleTime: 240, patience: 180, agents: 65).metrics(threshold: 0)
        #expect(a >= metrics.meanWait && a <= c)
        #expect(ExpectedWait.model(.erlangC, arrivalRate: 1, handleTime: 240, agents: 65) == .infinity)
    }
}
