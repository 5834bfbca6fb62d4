import Foundation

/// A foreign hook kept as `<hook>.local` by `git deploy install --chain` runs before ours, with
/// the same arguments and standard input; when it fails, the hook fails (DESIGN §6).
public enum ChainedHook {
    /// The exit status of `<hookPath>.local`, or nil when there is none.
    public static func run(hookPath: String?, arguments: [String], stdin: Data) throws(DeployError) -> Int32? {
        guard let hookPath, !hookPath.isEmpty else { return nil }
        let local = hookPath + ".local"
        guard FileManager.default.isExecutableFile(atPath: local) else { return nil }
        do {
            return try ProcessRunner.run([local] + arguments, in: FileSystem.currentDirectory, input: stdin)
        } catch {
            throw DeployError.badInput("cannot run the chained hook \(local): \(error.reason)",
                                       hint: "make it executable (chmod +x), or remove it", cause: error)
        }
    }
}
