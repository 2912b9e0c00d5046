import InterflowCore

/// Sums over closed intervals: the numerators and denominators every metric of a review divides.
struct IntervalTally: Sendable, Hashable {
    var offered = 0
    var answered = 0
    var answeredWithinThreshold = 0
    var abandoned = 0
    var handled = 0
    var handleSeconds = 0.0
    var answerWaitSeconds = 0.0
    /// Intervals with an answered contact, and of those the ones that report no answer wait.
    var answeringIntervals = 0
    var answeringWithoutWait = 0
    var resolvedFirstContact = 0
    /// Intervals with a handled contact, and of those the ones that report no first-contact resolution.
    var handlingIntervals = 0
    var handlingWithoutFCR = 0
    var scheduledSeconds = 0.0
    var adherentSeconds = 0.0
    var intervalsWithoutAdherence = 0
    var intervalsReported = 0
    var intervalsMissing = 0
    var intervalsWithContacts = 0
    var intervalsMeetingTarget = 0
    /// Σ over intervals with contacts of the points (percentage points) the service level fell below target.
    var serviceLevelShortfallPoints = 0.0

    /// Adds one interval; `target` is the service-level target its service level is held against.
    mutating func add(_ record: IntervalRecord, target: Double) {
        intervalsReported += 1
        offered += record.offered
        answered += record.answered
        answeredWithinThreshold += record.answeredWithinThreshold
        abandoned += record.abandoned
        handled += record.handled
        handleSeconds += record.handleSeconds
        if record.answered > 0 {
            answeringIntervals += 1
            if let wait = record.answerWaitSeconds { answerWaitSeconds += wait } else { answeringWithoutWait += 1 }
        }
        if record.handled > 0 {
            handlingIntervals += 1
            if let resolved = record.resolvedFirstContact { resolvedFirstContact += resolved } else { handlingWithoutFCR += 1 }
        }
        if let scheduled = record.scheduledSeconds, let adherent = record.adherentSeconds {
            scheduledSeconds += scheduled
            adherentSeconds += adherent
        } else {
            intervalsWithoutAdherence += 1
        }
        if let level = IntervalTally.serviceLevel(record) {
            intervalsWithContacts += 1
            if IntervalTally.meets(level, target) { intervalsMeetingTarget += 1 }
            serviceLevelShortfallPoints += max(0, target - level) * 100
        }
    }

    mutating func merge(_ other: IntervalTally) {
        offered += other.offered
        answered += other.answered
        answeredWithinThreshold += other.answeredWithinThreshold
        abandoned += other.abandoned
        handled += other.handled
        handleSeconds += other.handleSeconds
        answerWaitSeconds += other.answerWaitSeconds
        answeringIntervals += other.answeringIntervals
        answeringWithoutWait += other.answeringWithoutWait
        resolvedFirstContact += other.resolvedFirstContact
        handlingIntervals += other.handlingIntervals
        handlingWithoutFCR += other.handlingWithoutFCR
        scheduledSeconds += other.scheduledSeconds
        adherentSeconds += other.adherentSeconds
        intervalsWithoutAdherence += other.intervalsWithoutAdherence
        intervalsReported += other.intervalsReported
        intervalsMissing += other.intervalsMissing
        intervalsWithContacts += other.intervalsWithContacts
        intervalsMeetingTarget += other.intervalsMeetingTarget
        serviceLevelShortfallPoints += other.serviceLevelShortfallPoints
    }

    /// An interval's service level, or `nil` when nothing was offered in it.
    static func serviceLevel(_ record: IntervalRecord) -> Double? {
        record.offered > 0 ? Double(record.answeredWithinThreshold) / Double(record.offered) : nil
    }

    /// Whether `level` meets `target` (allowing for rounding in the last bits).
    static func meets(_ level: Double, _ target: Double) -> Bool { level >= target - 1e-12 }

    var serviceLevel: Metric {
        .ratio(Double(answeredWithinThreshold), Double(offered), else: "no contact was offered")
    }

    var abandonRate: Metric {
        .ratio(Double(abandoned), Double(offered), else: "no contact was offered")
    }

    var shareOfIntervalsMeetingTarget: Metric {
        .ratio(Double(intervalsMeetingTarget), Double(intervalsWithContacts), else: "no interval had an offered contact")
    }

    var ahtSeconds: Metric {
        .ratio(handleSeconds, Double(handled), else: "no contact was handled")
    }

    var asaSeconds: Metric {
        if answeringIntervals == 0 { return .notMeasurable("no contact was answered") }
        if answeringWithoutWait == answeringIntervals { return .notMeasurable("the interval reports carry no answer wait (answerWaitSeconds)") }
        if answeringWithoutWait > 0 {
            return .notMeasurable("\(answeringWithoutWait) of \(answeringIntervals) intervals with answered contacts report no answer wait")
        }
        return .measured(answerWaitSeconds / Double(answered))
    }

    var fcr: Metric {
        if handlingIntervals == 0 { return .notMeasurable("no contact was handled") }
        if handlingWithoutFCR == handlingIntervals { return .notMeasurable("the interval reports carry no first-contact resolution") }
        if handlingWithoutFCR > 0 {
            return .notMeasurable("\(handlingWithoutFCR) of \(handlingIntervals) intervals with handled contacts report no first-contact resolution")
        }
        return .measured(Double(resolvedFirstContact) / Double(handled))
    }

    var scheduleAdherence: Metric {
        if intervalsReported == 0 { return .notMeasurable("no interval was reported") }
        if intervalsWithoutAdherence == intervalsReported { return .notMeasurable("the interval reports carry no scheduled or adherent time") }
        if intervalsWithoutAdherence > 0 {
            return .notMeasurable("\(intervalsWithoutAdherence) of \(intervalsReported) intervals report no scheduled or adherent time")
        }
        return .ratio(adherentSeconds, scheduledSeconds, else: "no agent was scheduled")
    }
}
