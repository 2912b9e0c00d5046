import Polling
import Testing

@Suite("poll retry schedule")
struct RetryScheduleTests {
    @Test("a slow cadence retries after 1, 2, 4 … s on failure, capped at the cadence, and resets on success")
    func backoff() {
        var schedule = RetrySchedule(cadence: 300)
        #expect(schedule.delay(afterFailure: false) == 300)
        #expect([true, true, true, true].map { schedule.delay(afterFailure: $0) } == [1, 2, 4, 8])
        for _ in 0..<20 { _ = schedule.delay(afterFailure: true) }
        #expect(schedule.delay(afterFailure: true) == 300)
        #expect(schedule.delay(afterFailure: false) == 300)
        #expect(schedule.delay(afterFailure: true) == 1)
    }

    @Test("a fast cadence is never slowed by the backoff")
    func fast() {
        var schedule = RetrySchedule(cadence: 0.5)
        #expect(schedule.delay(afterFailure: true) == 0.5)
        #expect(schedule.delay(afterFailure: true) == 0.5)
    }
}
