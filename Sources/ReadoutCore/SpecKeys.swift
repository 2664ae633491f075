import Foundation
import Yams

/// Keys a YAML file holds but its schema does not: a misspelt `max_patient` must not be silently
/// ignored and replaced by a default. Found generically: the decoded value, encoded again, holds
/// exactly the keys the schema used; every other key of the file (with a value) is unknown.
public enum SpecKeys {
    /// "designs → item 2 → skeletn (did you mean skeleton?)", one per unknown key, in file order.
    public static func unknown<T: Encodable>(yaml text: String, decoded: T, vocabulary: [String]) -> [String] {
        guard let original = try? Yams.compose(yaml: text),
            let data = try? JSONEncoder().encode(decoded),
            let known = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return [] }
        var out: [String] = []
        walk(original, known, path: [], vocabulary: vocabulary, into: &out)
        return out
    }

    static func walk(_ node: Node, _ known: Any?, path: [String], vocabulary: [String], into out: inout [String]) {
        switch node {
        case .mapping(let map):
            let knownMap = known as? [String: Any] ?? [:]
            for (k, value) in map {
                guard let key = k.string, !isNull(value) else { continue }
                if let inner = knownMap[key] {
                    walk(value, inner, path: path + [key], vocabulary: vocabulary, into: &out)
                } else {
                    let place = (path + [key]).joined(separator: " → ")
                    out.append(suggestion(for: key, in: vocabulary).map { "\(place) (did you mean \($0)?)" } ?? place)
                }
            }
        case .sequence(let list):
            let knownList = known as? [Any] ?? []
            for (i, item) in list.enumerated() where i < knownList.count {
                walk(item, knownList[i], path: path + ["item \(i + 1)"], vocabulary: vocabulary, into: &out)
            }
        default:
            break
        }
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node {
            return ["", "~", "null", "Null", "NULL"].contains(s.string) && s.style == .plain
        }
        return false
    }

    /// The known key closest to `key`, when it is close (at most two edits, or the same apart from
    /// case, spaces and underscores).
    static func suggestion(for key: String, in vocabulary: [String]) -> String? {
        func norm(_ s: String) -> String { s.lowercased().filter { $0.isLetter || $0.isNumber } }
        if let same = vocabulary.first(where: { norm($0) == norm(key) }) { return same }
        let best = vocabulary.map { ($0, distance(Array($0.lowercased()), Array(key.lowercased()))) }.min {
            $0.1 < $1.1
        }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }

    /// Levenshtein distance, one row at a time.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in a.indices {
            var diagonal = row[0]
            row[0] = i + 1
            for j in b.indices {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (a[i] == b[j] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
