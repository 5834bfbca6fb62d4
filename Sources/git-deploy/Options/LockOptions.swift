import ArgumentParser
import DeployKit

/// `--wait-timeout` and `--no-wait`: what `deploy` and `rollback` do when another deployment of
/// the environment holds its lock (issue 14, item 3).
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How long to wait for another deployment of the environment to finish: 30s, 10m, 1h or seconds (default 10m).",
                               valueName: "DURATION"))
    var waitTimeout: String?

    @Flag(help: "Fail at once (exit 3) when another deployment of the environment is running, instead of waiting.")
    var noWait = false

    mutating func validate() throws {
        if noWait, waitTimeout != nil { throw ValidationError("give --no-wait or --wait-timeout, not both") }
        _ = try seconds()
    }

    private func seconds() throws -> Double {
        guard let waitTimeout else { return LockWaiting.defaultTimeout }
        let range = 0...LockWaiting.maximumTimeout
        guard let seconds = DurationText.seconds(waitTimeout), range.contains(seconds) else {
            throw ValidationError("--wait-timeout '\(Excerpt.quote(waitTimeout))' is not a duration from 0 to \(Int(LockWaiting.maximumTimeout)) seconds; \(DurationText.hint)")
        }
        return seconds
    }

    var waiting: LockWaiting {
        LockWaiting(timeout: (try? seconds()) ?? LockWaiting.defaultTimeout, noWait: noWait)
    }
}
