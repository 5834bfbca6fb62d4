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
            throw DeployError.badInput(describe(error, file: file), hint: "fix the YAML syntax at that line")
        } catch {
            throw DeployError.badInput("\(file): \(error)")
        }
    }

    private static func describe(_ error: YamlError, file: String) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let context = context.map { "\($0.text) " } ?? ""
            return "\(file):\(mark.line): invalid YAML: \(context)\(problem)"
        default:
            return "\(file): invalid YAML: \(error)"
        }
    }
}
