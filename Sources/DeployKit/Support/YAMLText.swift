import Yams

/// Turning a YAML file's bytes into Yams nodes, with errors that name the file and line the way
/// every other error does. Shared by `.deploy.yml` and the application config files.
enum YAMLText {
    static func compose(_ bytes: [UInt8], file: String) throws(DeployError) -> Node? {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DeployError.badInput("\(file): not valid UTF-8", hint: "save the file as UTF-8")
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DeployError.badInput(describe(error, file: file, text: text), hint: "fix the YAML syntax at that line")
        } catch {
            throw DeployError.badInput("\(file): \(error)")
        }
    }

    /// The file, line and libyaml's words for the problem, never the text around it: Yams' own
    /// description quotes the input, which may be anything (README "Limits and trust").
    private static func describe(_ error: YamlError, file: String, text: String) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let context = context.map { "\($0.text) " } ?? ""
            return "\(file):\(mark.line): invalid YAML: \(Excerpt.quote(context + problem, limit: 200))"
        case let .reader(problem, offset, value, _):
            // Yams gives the offset in characters; the line is what a person looks for.
            let line = offset.map { offset in 1 + text.prefix(max(0, offset)).count(where: \.isNewline) }
            return "\(file)\(line.map { ":\($0)" } ?? ""): invalid YAML: \(Excerpt.quote(problem, limit: 200)) (character code \(value))"
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\(Excerpt.quote($0))'" }.prefix(5).joined(separator: ", ")
            return "\(file):\(context.mark.line): invalid YAML: a key appears twice in one mapping: \(keys)"
        default:
            return "\(file): invalid YAML"
        }
    }
}
