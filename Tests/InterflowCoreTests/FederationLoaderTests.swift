import Foundation
import InterflowCore
import Testing

/// The issue at `file` and `keyPath`, if loading reported one.
private func issue(_ issues: [ConfigurationIssue], _ file: String, _ keyPath: String) -> ConfigurationIssue? {
    issues.first { $0.file == file && $0.keyPath == keyPath }
}

@Suite("Federation configuration")
struct FederationLoaderTests {
    @Test("the small test federation is valid and read as written")
    func validFederation() throws {
        let federation = try TemporaryFederation().load()
        #expect(federation.config.name == "Test federation")
        #expect(federation.config.skills.map(\.id) == ["sales", "service"])
        let sales = try #require(federation.config.skill("sales"))
        #expect(sales.serviceLevelTarget == 0.8 && sales.thresholdSeconds == 20 && sales.patienceSeconds == 120)
        #expect(abs(sales.peakArrivalsPerHour - 100) < 1e-9)
        #expect(federation.config.skill("service")?.patienceSeconds == 180)
        #expect(federation.config.value.currency == "EUR")
        #expect(federation.config.coordinator.port == 8080)
        #expect(federation.config.coordinator.maxResponseBytes == CoordinatorSettings().maxResponseBytes)

        #expect(federation.sites.map(\.id) == ["home", "net"])
        let home = try #require(federation.site("home"))
        #expect(home.kind == .inHouse && home.mode == .inHouse && home.contract == nil)
        #expect(home.agent.token == .environment("INTERFLOW_TOKEN_HOME"))
        #expect(home.agent.intervalPollSeconds == 60)
        let simulation = try #require(home.simulation)
        #expect(simulation.seed == 7)
        #expect(simulation.hourlyProfile == SimulationProfile.typicalDay)
        #expect(simulation.skills["sales"]?.handleTime == .exponential(meanSeconds: 300))
        #expect(simulation.skills["service"]?.handleTime == .lognormal(meanSeconds: 240, cv: 0.7))
        #expect(simulation.skills["service"]?.patienceSeconds == 180)
        #expect(simulation.skills["sales"]?.patienceSeconds == 120)
        #expect(simulation.agentGroups[1].startMinute == 22 * 60 && simulation.agentGroups[1].endMinute == 30 * 60)

        let net = try #require(federation.site("net"))
        #expect(net.kind == .outsourcer(name: "Net Co") && net.mode == .networkDelivered)
        #expect(net.agent.token == .file("tokens/net.token"))
        #expect(net.agent.intervalPollSeconds == 300)
        let contract = try #require(net.contract)
        #expect(contract.price == .perHandledContact(4.10))
        #expect(contract.changeWindow == .daily(minutes: [360, 840]))
        #expect(contract.reportingDelaySeconds == 7200)
        #expect(contract.ahtCeilingSeconds == 360)
        #expect(contract.shares["service"] == ShareBounds(min: 0.1, max: 0.4))
        #expect(contract.seats.seats(on: .wednesday, atMinute: 8 * 60) == 20)
        #expect(contract.seats.seats(on: .saturday, atMinute: 12 * 60) == 5)
        #expect(contract.seats.seats(on: .sunday, atMinute: 12 * 60) == 0)
        #expect(net.sourceFile.hasSuffix("/net.yaml"))
    }

    @Test("unknown keys are reported with the accepted keys and a suggestion")
    func unknownKeys() throws {
        var config = TemporaryFederation()
        config.replace("  sl_target: 80%", with: "  slTarget: 80%", in: "net.yaml")
        config.replace("name: Home center", with: "name: Home center\ncolour: blue", in: "home.yaml")
        let issues = try config.issues()
        let camel = try #require(issue(issues, "net.yaml", "contract.slTarget"))
        #expect(camel.found.contains("did you mean sl_target?"))
        #expect(camel.accepted.contains("sl_target") && camel.accepted.contains("max_abandon_rate"))
        #expect(issue(issues, "net.yaml", "contract.sl_target")?.found == "nothing")
        let colour = try #require(issue(issues, "home.yaml", "colour"))
        #expect(colour.found == "unknown key \"colour\"")
        #expect(colour.accepted.contains("time_zone"))
    }

    @Test("values of the wrong type are reported with what is accepted")
    func wrongTypes() throws {
        var config = TemporaryFederation()
        config.replace("skills: [service]", with: "skills: service", in: "net.yaml")
        config.replace("count: 12", with: "count: twelve", in: "home.yaml")
        config.replace("coordinator: {port: 8080, rebalance_every: 5s}", with: "coordinator: [8080]", in: "federation.yaml")
        let issues = try config.issues()
        #expect(issue(issues, "net.yaml", "skills")?.accepted.contains("a list of skill ids") == true)
        #expect(issue(issues, "net.yaml", "skills")?.found == "\"service\"")
        #expect(issue(issues, "home.yaml", "simulation.agents[0].count")?.accepted == "a whole number from 1 to 10000")
        #expect(issue(issues, "federation.yaml", "coordinator")?.found == "a list")
    }

    @Test("bad units are reported with the accepted units")
    func badUnits() throws {
        var config = TemporaryFederation()
        config.replace("threshold: 20s", with: "threshold: 20 sekunden", in: "federation.yaml")
        config.replace("peak_arrivals: 100/h", with: "peak_arrivals: 100", in: "federation.yaml")
        config.replace("max_abandon_rate: 5%", with: "max_abandon_rate: 140%", in: "net.yaml")
        config.replace("\"08:00-20:00\"", with: "\"8am-8pm\"", in: "net.yaml")
        config.replace("[\"06:00\", \"14:00\"]", with: "[\"06:00\", \"25:00\"]", in: "net.yaml")
        let issues = try config.issues()
        let threshold = try #require(issue(issues, "federation.yaml", "skills[0].threshold"))
        #expect(threshold.found == "\"20 sekunden\"" && threshold.accepted == Units.acceptedDuration)
        #expect(issue(issues, "federation.yaml", "skills[0].peak_arrivals")?.accepted == Units.acceptedRate)
        #expect(issue(issues, "net.yaml", "contract.max_abandon_rate")?.accepted == Units.acceptedFraction)
        #expect(issue(issues, "net.yaml", "contract.seats.pattern[0].hours")?.accepted.contains("HH:MM-HH:MM") == true)
        #expect(issue(issues, "net.yaml", "contract.change_window.daily[1]")?.accepted == Units.acceptedClockTime)
    }

    @Test("out-of-range values are reported with the range")
    func outOfRange() throws {
        var config = TemporaryFederation()
        config.replace("port: 8080", with: "port: 70000", in: "federation.yaml")
        config.replace("poll_interval: 2s", with: "poll_interval: 0s", in: "home.yaml")
        config.replace("{min: 10%, max: 40%}", with: "{min: 50%, max: 40%}", in: "net.yaml")
        config.replace("seed: 7", with: "seed: -1", in: "home.yaml")
        let issues = try config.issues()
        #expect(issue(issues, "federation.yaml", "coordinator.port")?.accepted == "a TCP port from 1 to 65535")
        #expect(issue(issues, "home.yaml", "agent.poll_interval")?.accepted == "a duration from 100ms to 10m")
        let bounds = try #require(issue(issues, "net.yaml", "contract.shares.service.min"))
        #expect(bounds.found == "min 50% above max 40%")
        #expect(bounds.accepted == "a minimum share no larger than the maximum")
        #expect(issue(issues, "home.yaml", "simulation.seed") != nil)
    }

    @Test("duplicate ids are reported: sites across files, skills within the federation")
    func duplicateIDs() throws {
        var config = TemporaryFederation()
        config.files["other.yaml"] = config.files["home.yaml"]!.replacingOccurrences(of: "9101", with: "9102")
        config.replace("{id: service, name: Service", with: "{id: sales, name: Service", in: "federation.yaml")
        let issues = try config.issues()
        let site = try #require(issue(issues, "other.yaml", "id"))
        #expect(site.found.contains("\"home\"") && site.found.contains("home.yaml"))
        #expect(site.accepted == "an id no other site uses")
        #expect(site.line == 1)
        #expect(issue(issues, "federation.yaml", "skills[1].id")?.accepted == "an id no other skill uses")
    }

    @Test("agent URLs shared by two sites are reported")
    func duplicateURLs() throws {
        var config = TemporaryFederation()
        config.files["other.yaml"] = config.files["home.yaml"]!.replacingOccurrences(of: "id: home", with: "id: other")
        let issues = try config.issues()
        #expect(issue(issues, "other.yaml", "agent.url")?.accepted == "an agent URL no other site uses")
    }

    @Test("a skill a site names that the federation lacks is reported with the declared skills")
    func unknownSkill() throws {
        var config = TemporaryFederation()
        config.replace("skills: [service]", with: "skills: [service, billing]", in: "net.yaml")
        let issues = try config.issues()
        let skill = try #require(issue(issues, "net.yaml", "skills[1]"))
        #expect(skill.found == "\"billing\"")
        #expect(skill.accepted == "a skill declared in federation.yaml: sales, service")
    }

    @Test("a skill no site takes is reported")
    func skillWithoutSite() throws {
        var config = TemporaryFederation()
        config.replace(
            "  - {id: service, name: Service, sl_target: 0.8, threshold: 30s}",
            with: "  - {id: service, name: Service, sl_target: 0.8, threshold: 30s}\n  - {id: tech, sl_target: 75%, threshold: 60s}",
            in: "federation.yaml")
        let issues = try config.issues()
        #expect(issue(issues, "federation.yaml", "skills[2].id")?.found == "\"tech\", a skill no site takes")
    }

    @Test("share bounds whose minimums sum above 100 % are reported")
    func shareMinimums() throws {
        var config = TemporaryFederation()
        config.replace("{min: 10%, max: 40%}", with: "{min: 60%, max: 80%}", in: "net.yaml")
        config.files["net2.yaml"] = config.files["net.yaml"]!.replacingOccurrences(of: "id: net", with: "id: net2")
            .replacingOccurrences(of: "net.example.com", with: "net2.example.com")
        let issues = try config.issues()
        let sum = try #require(issues.first { $0.keyPath == "contract.shares.service.min" })
        #expect(sum.file.contains("net.yaml") && sum.file.contains("net2.yaml"))
        #expect(sum.found.contains("120%"))
        #expect(sum.accepted == "minimum shares of a skill that sum to at most 100% across all sites")
    }

    @Test("share bounds whose maximums sum below 100 % with no in-house site are reported")
    func shareMaximums() throws {
        var config = TemporaryFederation()
        config.replace("skills: [sales, service]\nagent:", with: "skills: [sales]\nagent:", in: "home.yaml")
        config.replace(
            "    service: {peak_arrivals: 40/h, handle_time: {distribution: lognormal, mean: 4m, cv: 0.7}, fcr: 0.75}\n", with: "", in: "home.yaml")
        config.replace("skills: [sales, service], shift", with: "skills: [sales], shift", in: "home.yaml")
        config.replace("skills: [service], shift", with: "skills: [sales], shift", in: "home.yaml")
        let issues = try config.issues()
        #expect(issues.count == 1)
        let sum = try #require(issue(issues, "net.yaml", "contract.shares.service.max"))
        #expect(sum.found.contains("40%") && sum.found.contains("no in-house site"))
        #expect(sum.accepted == "maximum shares that sum to at least 100%, or an in-house site that takes service")
    }

    @Test("a token given inline is reported without echoing it; so are other secrets")
    func inlineSecrets() throws {
        var config = TemporaryFederation()
        config.replace("token: {env: INTERFLOW_TOKEN_HOME}", with: "token: hunter2-very-secret", in: "home.yaml")
        config.replace("url: https://net.example.com:8443", with: "url: https://admin:pw@net.example.com:8443", in: "net.yaml")
        config.replace("outsourcer: Net Co", with: "outsourcer: Net Co\napi_key: abc", in: "net.yaml")
        let issues = try config.issues()
        let token = try #require(issue(issues, "home.yaml", "agent.token"))
        #expect(!token.found.contains("hunter2") && token.found.contains("inline"))
        #expect(token.accepted.contains("{env: VARIABLE}") && token.accepted.contains("{file: path}"))
        let url = try #require(issue(issues, "net.yaml", "agent.url"))
        #expect(!url.description.contains("pw@"))
        let key = try #require(issue(issues, "net.yaml", "api_key"))
        #expect(key.found.contains("secret-looking") && !key.description.contains("abc"))
        #expect(issues.allSatisfy { !$0.description.contains("hunter2") })
    }

    @Test("a token environment variable that looks like a secret is reported")
    func secretAsVariableName() throws {
        var config = TemporaryFederation()
        config.replace("{env: INTERFLOW_TOKEN_HOME}", with: "{env: \"sk-live-4f9a8b7c6d5e4f3a2b1c\"}", in: "home.yaml")
        let issues = try config.issues()
        let env = try #require(issue(issues, "home.yaml", "agent.token.env"))
        #expect(!env.description.contains("4f9a8b7c"))
        #expect(env.accepted.contains("environment variable"))
    }

    @Test(
        "a mode given a capability it cannot have is reported",
        arguments: [
            // A change window on a site that is not network-delivered.
            ("mode: network-delivered", "mode: enterprise-routed", "net.yaml", "contract.change_window", "only network-delivered"),
            // A real-time poll interval on a network-delivered site.
            ("interval_poll: 5m", "interval_poll: 5m\n  poll_interval: 2s", "net.yaml", "agent.poll_interval", "no real-time status"),
            // A network-delivered site without change windows.
            ("  change_window: {daily: [\"06:00\", \"14:00\"]}\n", "", "net.yaml", "contract.change_window", "change_window: {every: 30m}"),
            // An outsourcer mode on an in-house site.
            ("kind: in-house", "kind: in-house\nmode: virtualized", "home.yaml", "mode", "in-house (or no mode)"),
            // In-house given as an outsourcer's mode.
            ("mode: network-delivered", "mode: in-house", "net.yaml", "mode", "for an outsourcer site"),
            // A contract on an in-house site.
            ("kind: in-house", "kind: in-house\ncontract: {sl_target: 80%}", "home.yaml", "contract", "contracts belong to outsourcer sites"),
            // An outsourcer name on an in-house site.
            ("kind: in-house", "kind: in-house\noutsourcer: Acme", "home.yaml", "outsourcer", "no outsourcer key"),
            // Shares for a skill the site does not take.
            (
                "    service: {min: 10%, max: 40%}", "    service: {min: 10%, max: 40%}\n    sales: {max: 20%}", "net.yaml", "contract.shares.sales",
                "bounds for the site's skills: service"
            ),
        ])
    func modeCapabilities(text: String, replacement: String, file: String, keyPath: String, accepted: String) throws {
        var config = TemporaryFederation()
        config.replace(text, with: replacement, in: file)
        let issues = try config.issues()
        let found = try #require(issue(issues, file, keyPath), "issues: \(issues)")
        #expect(found.accepted.contains(accepted))
    }

    @Test("an outsourcer without a contract is reported")
    func outsourcerWithoutContract() throws {
        var config = TemporaryFederation()
        let text = config.files["net.yaml"]!
        config.files["net.yaml"] = String(text[..<text.range(of: "contract:")!.lowerBound])
        let issues = try config.issues()
        let contract = try #require(issue(issues, "net.yaml", "contract"))
        #expect(contract.found == "nothing" && contract.accepted.contains("the outsourcer's contract"))
    }

    @Test("time zones must be IANA identifiers and agent URLs http(s)")
    func timeZoneAndURL() throws {
        var config = TemporaryFederation()
        config.replace("time_zone: America/Chicago", with: "time_zone: Central Time", in: "home.yaml")
        config.replace("time_zone: Asia/Manila", with: "time_zone: Asia/Atlantis", in: "net.yaml")
        config.replace("url: http://127.0.0.1:9101", with: "url: ftp://127.0.0.1:9101", in: "home.yaml")
        let issues = try config.issues()
        #expect(issue(issues, "home.yaml", "time_zone")?.accepted.contains("IANA time zone") == true)
        #expect(issue(issues, "net.yaml", "time_zone")?.found == "\"Asia/Atlantis\"")
        #expect(issue(issues, "home.yaml", "agent.url")?.accepted.contains("http:// or https://") == true)
    }

    @Test("simulation blocks must cover the site's skills and only those")
    func simulationSkills() throws {
        var config = TemporaryFederation()
        config.replace("skills: [service], shift", with: "skills: [tech], shift", in: "home.yaml")
        config.replace("handle_time: 5m,", with: "handle_time: {distribution: exponential, mean: 5m, cv: 2},", in: "home.yaml")
        let issues = try config.issues()
        #expect(issue(issues, "home.yaml", "simulation.agents[1].skills[0]")?.accepted == "a skill this site takes: sales, service")
        #expect(issue(issues, "home.yaml", "simulation.skills.sales.handle_time.cv") != nil)
    }

    @Test("samples given for a parametric handle time are named by its distribution; an unknown one is reported once")
    func handleTimeSamples() throws {
        var config = TemporaryFederation()
        let lognormal = "handle_time: {distribution: lognormal, mean: 4m, cv: 0.7"
        config.replace(lognormal + "}", with: lognormal + ", samples: [1m]}", in: "home.yaml")
        config.replace("handle_time: 5m,", with: "handle_time: {distribution: gamma, mean: 5m, samples: [1m]},", in: "home.yaml")
        let issues = try config.issues()
        #expect(issue(issues, "home.yaml", "simulation.skills.service.handle_time.samples")?.found == "samples for a lognormal distribution")
        #expect(issue(issues, "home.yaml", "simulation.skills.sales.handle_time.distribution") != nil)
        #expect(issue(issues, "home.yaml", "simulation.skills.sales.handle_time.samples") == nil, "\(issues)")
        #expect(issues.allSatisfy { !$0.found.contains("Optional") && !$0.found.contains("nil") }, "\(issues)")
    }

    @Test("every error is reported at once, in file and line order")
    func manyErrorsAtOnce() throws {
        var config = TemporaryFederation()
        config.replace("threshold: 30s", with: "threshold: soon", in: "federation.yaml")
        config.replace("time_zone: America/Chicago", with: "time_zone: Mars/Olympus", in: "home.yaml")
        config.replace("count: 12", with: "count: 0", in: "home.yaml")
        config.replace("price: {per_handled_contact: 4.10}", with: "price: {per_handled_contact: 4.10, per_seat_hour: 14}", in: "net.yaml")
        config.replace("aht_ceiling: 6m", with: "aht_ceiling: long", in: "net.yaml")
        let issues = try config.issues()
        #expect(issues.map(\.file) == ["federation.yaml", "home.yaml", "home.yaml", "net.yaml", "net.yaml"])
        #expect(
            issues.map(\.keyPath) == ["skills[1].threshold", "time_zone", "simulation.agents[0].count", "contract.price", "contract.aht_ceiling"])
        let lines = issues.filter { $0.file == "home.yaml" }.compactMap(\.line)
        #expect(lines == lines.sorted() && lines.count == 2)
        let directory = try config.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let errors = try #require(throws: ConfigurationErrors.self) { try FederationLoader.load(directory: directory) }
        #expect(errors.description.hasSuffix("5 configuration errors"))
    }

    @Test("an issue reads file:line: key path: found, accepted")
    func issueDescription() {
        let issue = ConfigurationIssue(
            file: "sites/manila.yaml", keyPath: "contract.shares.sales.max", found: "\"140%\"", accepted: Units.acceptedFraction, line: 41)
        #expect(
            issue.description
                == "sites/manila.yaml:41: contract.shares.sales.max: found \"140%\", accepted a percentage such as 80% or a fraction from 0 to 1 such as 0.8"
        )
        let whole = ConfigurationIssue(file: "sites", keyPath: "", found: "no such directory", accepted: "a directory")
        #expect(whole.description == "sites: found no such directory, accepted a directory")
    }

    @Test("YAML syntax errors and repeated keys are reported with their line")
    func syntaxErrors() throws {
        var config = TemporaryFederation()
        config.replace("name: Home center", with: "name: Home center\nname: Again", in: "home.yaml")
        config.replace("  sl_target: 80%", with: "  sl_target: [80%", in: "net.yaml")
        let issues = try config.issues()
        let repeated = try #require(issues.first { $0.file == "home.yaml" })
        #expect(repeated.found.contains("\"name\" more than once") && repeated.line != nil)
        let syntax = try #require(issues.first { $0.file == "net.yaml" })
        #expect(syntax.found.hasPrefix("a YAML syntax error") && syntax.accepted == "valid YAML" && syntax.line != nil)
    }

    @Test("a missing directory or federation file is reported")
    func missingFiles() throws {
        let missing = "/nonexistent/interflow-\(UUID().uuidString)"
        let errors = try #require(throws: ConfigurationErrors.self) { try FederationLoader.load(directory: missing) }
        #expect(errors.issues.first?.found == "no such directory")

        var config = TemporaryFederation()
        config.files["federation.yaml"] = nil
        let issues = try config.issues()
        #expect(issues.first?.file == "federation.yaml" && issues.first?.found == "no readable file")
    }

    @Test("a single site loads with its directory's federation.yaml")
    func loadSite() throws {
        let config = TemporaryFederation()
        let directory = try config.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (site, federation) = try FederationLoader.loadSite(path: directory + "/net.yaml")
        #expect(site.id == "net" && federation.skills.count == 2)

        var broken = TemporaryFederation()
        broken.replace("threshold: 20s", with: "threshold: x", in: "federation.yaml")
        broken.replace("skills: [service]", with: "skills: [billing]", in: "net.yaml")
        let brokenDirectory = try broken.write()
        defer { try? FileManager.default.removeItem(atPath: brokenDirectory) }
        let errors = try #require(throws: ConfigurationErrors.self) { try FederationLoader.loadSite(path: brokenDirectory + "/net.yaml") }
        #expect(errors.issues.map(\.keyPath) == ["skills[0].threshold", "skills[0]"])
    }

    @Test("seats by interval expand into blocks; overnight shifts end past midnight")
    func seatIntervals() throws {
        var config = TemporaryFederation()
        config.replace(
            """
                pattern:
                  - {days: mon-fri, hours: "08:00-20:00", seats: 20}
                  - {days: sat, hours: "09:00-13:00", seats: 5}
            """,
            with: """
                    intervals:
                      - {days: "fri-mon", start: "23:00", length: 30m, seats: [3, 4]}
                      - {days: [tue, thu], start: "08:00", length: 15m, seats: [10, 12, 14]}
                """, in: "net.yaml")
        let contract = try #require(try config.load().site("net")?.contract)
        #expect(contract.seats.seats(on: .saturday, atMinute: 23 * 60 + 10) == 3)
        #expect(contract.seats.seats(on: .monday, atMinute: 23 * 60 + 45) == 4)
        #expect(contract.seats.seats(on: .tuesday, atMinute: 23 * 60) == 0)
        #expect(contract.seats.seats(on: .thursday, atMinute: 8 * 60 + 20) == 12)
        #expect(contract.seats.seats(on: .thursday, atMinute: 8 * 60 + 45) == 0)

        var late = TemporaryFederation()
        late.replace("hours: \"08:00-20:00\"", with: "hours: \"20:00-08:00\"", in: "net.yaml")
        let issues = try late.issues()
        #expect(issue(issues, "net.yaml", "contract.seats.pattern[0].hours")?.accepted.contains("split a block that crosses midnight") == true)
    }
}
