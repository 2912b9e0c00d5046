import Foundation
import InterflowCore
import Testing

@Suite("Token references")
struct TokenReferenceTests {
    @Test("an environment variable is read from the environment given")
    func environment() throws {
        let reference = TokenReference.environment("INTERFLOW_TOKEN_AUSTIN")
        #expect(try reference.resolve(environment: ["INTERFLOW_TOKEN_AUSTIN": "abc123"], baseDirectory: "/") == "abc123")
        let error = try #require(throws: TokenResolutionError.self) { try reference.resolve(environment: [:], baseDirectory: "/") }
        #expect(error.description.contains("INTERFLOW_TOKEN_AUSTIN"))
        #expect(throws: TokenResolutionError.self) { try reference.resolve(environment: ["INTERFLOW_TOKEN_AUSTIN": ""], baseDirectory: "/") }
    }

    @Test("a file is read relative to the configuration directory, trimmed")
    func file() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-token-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/tokens", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("  s3cret-token\n".utf8).write(to: URL(fileURLWithPath: directory + "/tokens/site.token"))
        try Data("\n".utf8).write(to: URL(fileURLWithPath: directory + "/tokens/empty.token"))

        #expect(try TokenReference.file("tokens/site.token").resolve(environment: [:], baseDirectory: directory) == "s3cret-token")
        #expect(try TokenReference.file(directory + "/tokens/site.token").resolve(environment: [:], baseDirectory: "/elsewhere") == "s3cret-token")
        #expect(throws: TokenResolutionError.self) {
            try TokenReference.file("tokens/missing.token").resolve(environment: [:], baseDirectory: directory)
        }
        #expect(throws: TokenResolutionError.self) {
            try TokenReference.file("tokens/empty.token").resolve(environment: [:], baseDirectory: directory)
        }
    }

    @Test("a token reference loaded from a site file resolves against the federation's directory")
    func fromConfiguration() throws {
        let config = TemporaryFederation()
        let directory = try config.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/tokens", withIntermediateDirectories: true)
        try Data("net-token\n".utf8).write(to: URL(fileURLWithPath: directory + "/tokens/net.token"))
        let federation = try FederationLoader.load(directory: directory)
        let net = try #require(federation.site("net"))
        #expect(try net.agent.token.resolve(environment: [:], baseDirectory: federation.directory) == "net-token")
        let home = try #require(federation.site("home"))
        #expect(try home.agent.token.resolve(environment: ["INTERFLOW_TOKEN_HOME": "t"], baseDirectory: federation.directory) == "t")
    }
}
