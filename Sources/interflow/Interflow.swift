import ArgumentParser

/// The `interflow` command: coordinator, site agent, demo and tools for a federation of
/// contact-center sites.
@main
struct Interflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interflow",
        abstract: "Coordinate a federation of contact-center sites: in-house centers and outsourcers.",
        version: "0.1.0",
        subcommands: [
            Check.self,
            Serve.self,
            Agent.self,
            AgentCheck.self,
            Demo.self,
            Staffing.self,
            Report.self,
            Jobs.self,
            Plan.self,
            Simulate.self,
        ]
    )
}
