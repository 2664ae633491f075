import Foundation
import ReadoutCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What Readout takes from a Define-XML 2.1 file placed beside the data (never required): variable
/// labels, codelists (for terminology checks) and which variables are mandatory and keys.
public struct DefineXML: Sendable {
    /// One ItemDef: a variable's name, label, data type and length.
    public struct Item: Sendable {
        public var name: String
        public var label: String?
        var codeList: String?
    }
    /// One ItemGroupDef: a dataset and its variables.
    public struct Group: Sendable {
        public var name: String
        var itemOIDs: [String]
        var mandatory: Set<String>
        public var keys: [String]
    }

    public var items: [String: Item] = [:]
    public var groups: [String: Group] = [:]
    var codeLists: [String: Set<String>] = [:]

    /// Reads a define.xml; a file that is not well-formed Define-XML is a `ReadoutError`.
    public static func read(path: String) throws -> DefineXML {
        let data = try Data(readWholeFile(path, limit: 256 << 20))
        let delegate = DefineParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            let e = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw ReadoutError(
                file: path, code: "define-xml", "define.xml is not well-formed XML at line \(parser.lineNumber): \(e)",
                expected: "Define-XML 2.1")
        }
        var d = delegate.define
        // Resolve item names of mandatory and key variables.
        for (k, g) in d.groups {
            var gg = g
            gg.mandatory = Set(g.mandatory.compactMap { d.items[$0]?.name.uppercased() })
            gg.keys = g.keys.compactMap { d.items[$0]?.name.uppercased() }
            d.groups[k] = gg
        }
        if d.groups.isEmpty && d.items.isEmpty {
            throw ReadoutError(
                file: path, code: "define-xml", "define.xml holds no ItemGroupDef or ItemDef",
                expected: "Define-XML 2.1")
        }
        return d
    }

    /// Codelist values by domain and variable.
    public var codelistsByVariable: [String: [String: Set<String>]] {
        var out: [String: [String: Set<String>]] = [:]
        for (_, g) in groups {
            for oid in g.itemOIDs {
                guard let item = items[oid], let cl = item.codeList, let values = codeLists[cl], !values.isEmpty else {
                    continue
                }
                out[g.name.uppercased(), default: [:]][item.name.uppercased()] = values
            }
        }
        return out
    }

    /// Gives a dataset's variables the define.xml labels where the file had none.
    public func annotate(_ ds: inout Dataset) {
        guard let g = groups[ds.name] else { return }
        for oid in g.itemOIDs {
            guard let item = items[oid], let label = item.label, let c = ds.index(of: item.name),
                ds.variables[c].label == nil
            else { continue }
            ds.setLabel(label, ofVariableAt: c)
        }
    }
}

private final class DefineParser: NSObject, XMLParserDelegate {
    var define = DefineXML()
    var currentGroup: (oid: String, group: DefineXML.Group)? = nil
    var currentItem: (oid: String, item: DefineXML.Item)? = nil
    var currentCodeList: String? = nil
    var inDescription = false
    var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes a: [String: String] = [:]
    ) {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        switch local {
        case "ItemGroupDef":
            currentGroup = (
                a["OID"] ?? "",
                DefineXML.Group(
                    name: (a["Name"] ?? a["Domain"] ?? "").uppercased(), itemOIDs: [], mandatory: [], keys: [])
            )
        case "ItemRef":
            if var g = currentGroup, let oid = a["ItemOID"] {
                g.group.itemOIDs.append(oid)
                if a["Mandatory"] == "Yes" { g.group.mandatory.insert(oid) }
                if let k = a["KeySequence"], let n = Int(k) {
                    while g.group.keys.count < n { g.group.keys.append("") }
                    g.group.keys[n - 1] = oid
                }
                currentGroup = g
            }
        case "ItemDef":
            currentItem = (a["OID"] ?? "", DefineXML.Item(name: a["Name"] ?? "", label: nil, codeList: nil))
        case "CodeListRef":
            currentItem?.item.codeList = a["CodeListOID"]
        case "CodeList":
            currentCodeList = a["OID"]
            if let c = currentCodeList { define.codeLists[c] = [] }
        case "CodeListItem", "EnumeratedItem":
            if let c = currentCodeList, let v = a["CodedValue"] { define.codeLists[c]!.insert(v) }
        case "Description":
            inDescription = true
        case "TranslatedText":
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        switch local {
        case "ItemGroupDef":
            if let g = currentGroup { define.groups[g.group.name] = g.group }
            currentGroup = nil
        case "ItemDef":
            if let i = currentItem { define.items[i.oid] = i.item }
            currentItem = nil
        case "CodeList": currentCodeList = nil
        case "Description": inDescription = false
        case "TranslatedText":
            if inDescription, currentItem != nil, currentCodeList == nil, currentItem!.item.label == nil {
                currentItem!.item.label = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        default: break
        }
    }
}
