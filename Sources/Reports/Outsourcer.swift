import InterflowCore

/// An outsourcer of the federation: the company behind one or more outsourcer sites.
///
/// Its id is derived from the company name in the site files (`outsourcer: Bayanihan Contact
/// Services` → `bayanihan-contact-services`): lower-case letters and digits, other runs of
/// characters turned into one dash.
public struct Outsourcer: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Its sites' ids, in the federation's order.
    public var siteIds: [String]

    public init(id: String, name: String, siteIds: [String]) {
        self.id = id
        self.name = name
        self.siteIds = siteIds
    }

    /// The id of an outsourcer named `name`.
    public static func id(forName name: String) -> String {
        var id = ""
        var dash = false
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if dash && !id.isEmpty { id.append("-") }
                id.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return id
    }

    /// Every outsourcer with a site in `federation`, in the order of their first site.
    public static func all(in federation: Federation) -> [Outsourcer] {
        var result: [Outsourcer] = []
        for site in federation.sites {
            guard let name = site.kind.outsourcerName else { continue }
            let id = id(forName: name)
            if let index = result.firstIndex(where: { $0.id == id }) {
                result[index].siteIds.append(site.id)
            } else {
                result.append(Outsourcer(id: id, name: name, siteIds: [site.id]))
            }
        }
        return result
    }

    /// The outsourcer `text` names: its id, its name (ignoring case), or the id of one of its sites.
    public static func find(_ text: String, in federation: Federation) -> Outsourcer? {
        let all = all(in: federation)
        return all.first { $0.id == text } ?? all.first { $0.name.lowercased() == text.lowercased() }
            ?? all.first { $0.siteIds.contains(text) }
    }
}
