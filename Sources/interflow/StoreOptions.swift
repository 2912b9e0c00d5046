import ArgumentParser
import Foundation
import InterflowCore
import Store

/// `--data-dir`, shared by the commands that open the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Directory of the store (default: coordinator.data_dir, relative to the configuration directory).")
    var dataDir: String?

    /// The data directory: `--data-dir`, else `coordinator.data_dir` resolved against the configuration directory unless absolute.
    func directory(for federation: Federation) -> String {
        if let dataDir { return dataDir }
        let configured = federation.config.coordinator.dataDirectory
        return configured.hasPrefix("/") ? configured : (federation.directory as NSString).appendingPathComponent(configured)
    }

    /// Opens the store, or exits with the store's error (which names the file and what to do).
    func openOrExit(for federation: Federation, command: String) throws -> SQLiteStore {
        do {
            return try SQLiteStore(directory: directory(for: federation))
        } catch {
            printError("interflow \(command): \(error)")
            throw ExitCode(1)
        }
    }
}
