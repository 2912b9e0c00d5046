import Foundation

/// Reading the `jobs:` section and `coordinator.retention` of `federation.yaml`.
extension FederationLoader {
    static let jobKeys = ["name", "kind", "schedule", "time_zone", "grace", "enabled"]
    static let retentionKeys = ["intervals", "snapshots", "decisions", "change_orders", "job_runs", "operator_actions", "share_history"]

    /// The jobs, or nil when any is wrong (every problem is recorded).
    static func readJobs(_ value: ConfigValue) -> [JobConfig]? {
        let accepted = "a list of jobs, each with name, kind and schedule (and optionally time_zone, grace, enabled)"
        guard let elements = value.list(accepted: accepted) else { return nil }
        var seen: Set<String> = []
        let kinds = JobConfig.Kind.allCases.map(\.rawValue)
        let jobs = elements.map { element -> JobConfig? in
            guard let map = element.mapping(keys: jobKeys, accepted: "a job: a mapping with the keys " + jobKeys.joined(separator: ", "))
            else { return nil }
            let name = map.required("name", accepted: ConfigValue.acceptedIdentifier)?.identifier()
            if let name, let nameValue = map["name"], !seen.insert(name).inserted {
                nameValue.report(accepted: "a name no other job uses")
            }
            let kind = map.required("kind", accepted: ConfigValue.oneOf(kinds))?.choice(kinds).flatMap(JobConfig.Kind.init(rawValue:))
            let zoneName =
                map["time_zone"].map { zone -> String? in
                    guard let text = zone.scalarText, TimeZone(identifier: text) != nil else {
                        zone.report(accepted: "an IANA time zone such as UTC, Europe/London or America/Chicago")
                        return nil
                    }
                    return text
                } ?? "UTC"
            var schedule: CronSchedule?
            if let scheduleValue = map.required("schedule", accepted: CronSchedule.accepted), let text = scheduleValue.scalarText,
                let zoneName, let zone = TimeZone(identifier: zoneName)
            {
                do {
                    schedule = try CronSchedule(text, timeZone: zone)
                } catch let error as CronSchedule.ParseError {
                    scheduleValue.report(found: error.message, accepted: CronSchedule.accepted)
                } catch {
                    scheduleValue.report(accepted: CronSchedule.accepted)
                }
            } else if let scheduleValue = map["schedule"], scheduleValue.scalarText == nil {
                scheduleValue.report(accepted: CronSchedule.accepted)
            }
            let grace = map["grace"].map { $0.duration(0...(7 * 86_400)) } ?? 300
            let enabled =
                map["enabled"].map { flag -> Bool? in
                    switch flag.scalarText?.lowercased() {
                    case "true", "yes", "on": return true
                    case "false", "no", "off": return false
                    default:
                        flag.report(accepted: "true or false")
                        return nil
                    }
                } ?? true
            guard let name, let kind, let schedule, let zoneName, let grace, let enabled else { return nil }
            return JobConfig(name: name, kind: kind, schedule: schedule, timeZone: zoneName, graceSeconds: grace, enabled: enabled)
        }
        let complete = jobs.compactMap { $0 }
        return complete.count == jobs.count ? complete : nil
    }

    /// Retention per kind of stored data: each a duration from 1 hour to 100 years (`400d`, `14d`, `36h`).
    static func readRetention(_ value: ConfigValue) -> RetentionSettings? {
        guard let map = value.mapping(keys: retentionKeys, accepted: "a mapping with the keys " + retentionKeys.joined(separator: ", "))
        else { return nil }
        let defaults = RetentionSettings()
        let range = 3600.0...(36_500 * 86_400)
        func read(_ key: String, _ fallback: Double) -> Double? {
            map[key].map { $0.duration(range) } ?? fallback
        }
        let intervals = read("intervals", defaults.intervals)
        let snapshots = read("snapshots", defaults.snapshots)
        let decisions = read("decisions", defaults.decisions)
        let changeOrders = read("change_orders", defaults.changeOrders)
        let jobRuns = read("job_runs", defaults.jobRuns)
        let operatorActions = read("operator_actions", defaults.operatorActions)
        let shareHistory = read("share_history", defaults.shareHistory)
        guard let intervals, let snapshots, let decisions, let changeOrders, let jobRuns, let operatorActions, let shareHistory else { return nil }
        return RetentionSettings(
            intervals: intervals, snapshots: snapshots, decisions: decisions, changeOrders: changeOrders, jobRuns: jobRuns,
            operatorActions: operatorActions, shareHistory: shareHistory)
    }
}
