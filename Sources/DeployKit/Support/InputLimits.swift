/// Every cap git-deploy puts on what other people control (repository files, hook input, HTTP
/// replies, configuration numbers), in one place so that README "Limits and trust" and the code
/// cannot drift apart. Each cap is far above what a real repository or service needs; past it,
/// the input is refused with an error naming it (exit 2), never truncated silently.
public enum InputLimits {
    // MARK: Repository files (work tree or commit), refused past these sizes before parsing

    /// `.deploy.yml`: a page or two of YAML.
    public static let deployConfigBytes = 1 << 20
    /// Values `.deploy.yml` may expand to through YAML aliases (a "billion laughs" is refused).
    public static let deployConfigNodes = 100_000
    /// Each of `config/base.yml`, `config/<env>.yml`, `config/local.yml`.
    public static let appConfigBytes = 8 << 20
    /// Values one application config file may expand to through aliases.
    public static let appConfigNodes = 1_000_000
    /// `.release_config`: a handful of KEY=VALUE lines.
    public static let releaseConfigBytes = 64 << 10
    /// A file platform detection looks into (a SAM `template.yaml`).
    public static let inspectedFileBytes = 8 << 20

    // MARK: pre-push standard input (one line per pushed ref, githooks(5))

    /// One `<local ref> <sha> <remote ref> <sha>` line: two ref names of Git's longest practical
    /// length (4096, PATH_MAX) and two SHA-256 ids fit.
    public static let prePushLineBytes = 16 << 10
    /// All lines together: 10,000 refs of 1.6 KB each, about 100 times a real mirror push.
    public static let prePushInputBytes = 16 << 20
    /// pre-receive's `<old> <new> <ref>` lines, on the server: the same caps (one ref name, two ids a line).
    public static let preReceiveLineBytes = prePushLineBytes
    public static let preReceiveInputBytes = prePushInputBytes
    /// Refs a rejected push names one by one (then "and N more"), so that a 10,000-tag push
    /// does not print 10,000 lines through `remote:`.
    public static let preReceiveReportedRefs = 20

    // MARK: post-rewrite standard input (`<old sha> <new sha> [<extra>]` per rewritten commit)

    /// One line: two SHA-256 ids and Git's optional extra field fit many times over.
    public static let postRewriteLineBytes = 4 << 10
    /// All lines together: about 100,000 rewritten commits (SHA-1 lines are 82 bytes).
    public static let postRewriteInputBytes = 8 << 20

    // MARK: Accountability text (issue 14)

    /// An `--emergency` reason (flag or GIT_DEPLOY_EMERGENCY_REASON): a sentence, not a log;
    /// longer is refused (exit 64). Reasons read back from history notes are cut here too.
    public static let emergencyReasonCharacters = 200
    /// `DEPLOYMENT_BLOCK_REASONS` in the hand-off: the gates' reasons quote tags, versions and
    /// configuration, so the joined text is cut here with "…" (the command prints them in full).
    public static let handoffBlockReasonsCharacters = 1000

    // MARK: HTTP probe replies

    /// Status line and headers together.
    public static let probeHeaderBytes = 64 << 10
    /// The body a probe reads (and searches for `body-contains`); the rest is not read.
    public static let probeBodyBytes = 1 << 20

    // MARK: Backups (issue 17)

    /// The reference a backup reports in `$DEPLOY_BACKUP_OUTPUT` (first line; a dump path, a
    /// snapshot id), which goes into history, the hand-off and a rollback handler's environment.
    /// Past it the reference is not recorded (a warning says so); the backup still counts.
    public static let backupReferenceBytes = 1024

    // MARK: git-deploy's own files under .git/deploy, which any process of the user can replace

    /// A monitoring window's state or progress file (`.git/deploy/monitor/`): a few hundred
    /// bytes when git-deploy writes it. Larger, or not a regular file (a symlink, a FIFO), it is
    /// not git-deploy's and is not read: `status --watch` then sees no live monitor.
    public static let monitorFileBytes = 1 << 20

    // MARK: History read back under `records.require-signed`

    /// Successful entries of an environment the outdated gate checks, newest first, for the
    /// newest one whose notes commit is signed (what the environment runs). Unsigned entries are
    /// anyone's; past this many of them in a row the gate cannot tell and blocks (exit 3).
    public static let outdatedSignedCandidates = 100

    // MARK: Configuration numbers (seconds), checked when `.deploy.yml` is read

    /// A handler's `timeout`: one week.
    public static let handlerTimeoutSeconds: Double = 7 * 24 * 3600
    /// A probe's `timeout`, `period` and `initial-delay`: one hour each.
    public static let probeSecondsMax: Double = 3600
    /// The smallest `timeout` and `period` (a zero would busy-loop or never connect).
    public static let minimumSeconds: Double = 0.001

    // MARK: Error messages

    /// Characters of someone else's text an error message quotes (escaped, then cut).
    public static let excerptCharacters = 60
}
