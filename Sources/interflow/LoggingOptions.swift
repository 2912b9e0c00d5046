import ArgumentParser
import Foundation
import InterflowCore
import Logging

/// `--log-level`, shared by the commands that run servers.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: found \"\(logLevel)\", accepted trace, debug, info, notice, warning, error or critical")
        }
    }

    /// The process's logger, writing to standard error.
    func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}

/// Reads a federation, or exits with every configuration error printed.
func loadFederationOrExit(_ directory: String) throws -> Federation {
    do {
        return try FederationLoader.load(directory: directory)
    } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

func printError(_ text: String) {
    var standardError = StandardError()
    print(text, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
