/// Git's rules for a ref name (git-check-ref-format(1)), for names that come from outside Git —
/// CI variables — and are taken for the branch or tag being deployed. A name Git would refuse
/// (a newline, a control character, `..`, `@{`, …) cannot be a ref Git checked out, so taking it
/// as one would route a deployment by text someone injected.
enum RefNameFormat {
    /// nil when the full ref name (`refs/heads/main`) is one Git accepts, else the rule it breaks.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if let control = name.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "it contains a control character (\(Excerpt.quote(String(control))))"
        }
        if let forbidden = name.first(where: { " ~^:?*[\\".contains($0) }) {
            return "it contains '\(forbidden)'"
        }
        for sequence in ["..", "@{", "//"] where name.contains(sequence) {
            return "it contains '\(sequence)'"
        }
        if name == "@" { return "it is '@'" }
        if name.hasPrefix("/") || name.hasSuffix("/") { return "it starts or ends with '/'" }
        if name.hasSuffix(".") { return "it ends with '.'" }
        for component in name.split(separator: "/") {
            if component.hasPrefix(".") { return "a part of it starts with '.'" }
            if component.hasSuffix(".lock") { return "a part of it ends with '.lock'" }
        }
        return nil
    }
}
