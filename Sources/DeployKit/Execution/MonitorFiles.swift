#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// git-deploy's own files about one deployment's monitoring, in `.git/deploy/monitor/` (shared by
/// all worktrees): the detached monitor's state and log, the window's progress (which
/// `status --watch` follows), and `monitor.run`'s MONITOR_CONFIG and log.
public struct MonitorFiles: Sendable {
    public let directory: String
    public let id: String

    /// Every file here is written by git-deploy; a bigger one is not ours and is not read.
    static let maximumBytes = InputLimits.monitorFileBytes

    public init(commonDirectory: String, id: String) {
        directory = commonDirectory + "/deploy/monitor"
        self.id = id
    }

    /// What the detached monitor is started with.
    public var state: String { "\(directory)/\(id).state.json" }
    /// The detached monitor's output.
    public var log: String { "\(directory)/\(id).log" }
    /// The window's latest round, rewritten after each one.
    public var progress: String { "\(directory)/\(id).progress.json" }
    /// MONITOR_CONFIG.
    public var config: String { "\(directory)/\(id).config.json" }
    /// monitor.run's output.
    public var handoffLog: String { "\(directory)/\(id).run.log" }

    func write(_ json: JSONValue, to path: String) throws(DeployError) {
        try FileSystem.createDirectory(directory)
        try AtomicFile.write(Array((json.serialized(pretty: true) + "\n").utf8), to: path)
    }

    /// Records the window's progress for `status --watch`; a failure to write only loses the live view.
    func writeProgress(_ progress: MonitorProgress?, outcome: MonitorOutcome, pid: Int32 = getpid()) {
        try? write(.object([("id", .string(id)), ("pid", .int(Int(pid))), ("outcome", .string(outcome.rawValue)),
                            ("progress", progress?.json ?? .null), ("updated_at", .string(Timestamp.format(Date())))]), to: self.progress)
    }

    /// The progress file's pid and latest round, when it is there and readable.
    func readProgress() -> (pid: Int32?, progress: MonitorProgress?)? {
        guard let json = MonitorFiles.readJSON(progress) else { return nil }
        var pid: Int32?
        if case .int(let value)? = json["pid"], let narrowed = Int32(exactly: value), narrowed > 0 { pid = narrowed }
        return (pid, json["progress"].flatMap(MonitorProgress.init(json:)))
    }

    /// A JSON file of ours, at most `maximumBytes`; nil when missing, too big, not JSON, or not a
    /// regular file. Another process may have put a symlink (to /dev/zero, to someone's file) or a
    /// FIFO (which would block the open until a writer comes) in its place: read as repository
    /// files are, without following a link, without waiting, and bounded.
    static func readJSON(_ path: String) -> JSONValue? {
        let directory = (path as NSString).deletingLastPathComponent
        guard let bytes = try? RepositoryFile.read((path as NSString).lastPathComponent, in: directory.isEmpty ? "." : directory,
                                                   limit: maximumBytes) else { return nil }
        return try? JSONParser.parse(bytes)
    }
}
