/// The entries of a YAML mapping whose unknown keys have already been reported.
struct ConfigMapping {
    /// The mapping itself.
    let value: ConfigValue
    /// Known entries, in file order.
    let entries: [(key: String, value: ConfigValue)]

    /// The value at `key`, or `nil` when the key is absent or empty.
    subscript(key: String) -> ConfigValue? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    /// Whether `key` is present with a value.
    func contains(_ key: String) -> Bool { self[key] != nil }

    /// The value at `key`; records a missing key (what would be accepted there) when absent.
    func required(_ key: String, accepted: String) -> ConfigValue? {
        if let value = self[key] { return value }
        let path = value.path.isEmpty ? key : "\(value.path).\(key)"
        value.log.report(file: value.file, keyPath: path, found: "nothing", accepted: accepted, line: value.line)
        return nil
    }

    /// Records that `key` is present though it may not be here; `found` says why it is wrong,
    /// `accepted` what to do instead.
    func forbid(_ key: String, found: String, accepted: String) {
        guard let entry = entries.first(where: { $0.key == key }) else { return }
        entry.value.report(found: found, accepted: accepted)
    }
}
