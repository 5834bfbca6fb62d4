import Testing

/// The tiers of the test suite; every suite carries exactly one of these tags.
///
/// Only `fast` suites run in the fast tier: they start no process and put nothing on disk, so
/// they finish in seconds. SwiftPM's `--filter`/`--skip` match test names, not tags, so the fast
/// tier's command skips the other suites by name; `TierTagTests` checks that the command's
/// list and these tags agree.
extension Tag {
    /// Values in memory only: no process started, no file or repository written.
    @Tag public static var fast: Self
    /// Builds a repository or files on disk (with the `git` CLI) and runs the library on them in-process.
    @Tag public static var repository: Self
    /// Starts processes (handlers, probes, bash) without running the git-deploy binary.
    @Tag public static var process: Self
    /// Runs the built git-deploy binary, as a user or a Git hook does.
    @Tag public static var endToEnd: Self
}

/// The fast tier's command: the whole suite minus every suite not tagged `fast`, named for
/// `swift test --skip` (which matches test names such as `DeployKitTests.HandoffTests/…`).
public enum FastTier {
    /// Whole test targets, then single suites of the mostly fast targets.
    public static let skipped = [
        "EndToEndTests", "GitRepositoryTests",
        "SeedParityTests", "SeedFixtureTests",
        "AppConfigMergerTests", "HandlerRunnerTests", "HandoffTests", "HandoffProperties",
        "ProbeRunnerTests", "HistoryStoreTests", "RecentSuccessesTests",
    ]

    public static var command: String {
        (["swift", "test"] + skipped.flatMap { ["--skip", $0] }).joined(separator: " ")
    }
}
