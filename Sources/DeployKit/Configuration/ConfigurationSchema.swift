import DeployCore

/// Every `.deploy.yml` key, its type, default and meaning: the one source that both the
/// validation (which keys are allowed where) and the README's configuration reference
/// (`git deploy config --reference`) are built from, so the two cannot drift apart (DESIGN §9).
public enum ConfigurationSchema {
    public struct Key: Sendable, Equatable {
        /// Where it stands: `environments.<name>.safety`, `refs[].branch`; `<…>` is a name the user picks.
        public let path: String
        public let type: String
        public let defaultValue: String
        public let summary: String
    }

    public static let keys: [Key] = [
        Key(path: "environments", type: "mapping of environment name → settings", defaultValue: "prod, staging, dev",
            summary: "Adds environments or changes the built-in ones."),
        Key(path: "environments.<name>.safety", type: "`low` \\| `medium` \\| `high`", defaultValue: "prod high, staging medium, dev low",
            summary: "Which gates run; required for a new environment. Policy key: read from the default branch (see Policy)."),
        Key(path: "environments.<name>.aliases", type: "list of names", defaultValue: "production, live → prod; stage, preprod, uat → staging; development → dev",
            summary: "Other names accepted for it on the command line and in the file."),
        Key(path: "environments.<name>.require-promotion-from", type: "environment", defaultValue: "none",
            summary: "The commit must have a successful deployment there first (high safety). Policy key: read from the default branch (see Policy)."),
        Key(path: "environments.<name>.freeze", type: "list of windows", defaultValue: "none",
            summary: "Deployments are blocked inside a window (`--emergency` bypasses). Policy key: read from the default branch (see Policy)."),
        Key(path: "environments.<name>.freeze[].from", type: "ISO 8601 instant", defaultValue: "—",
            summary: "A fixed window's start (with `to`)."),
        Key(path: "environments.<name>.freeze[].to", type: "ISO 8601 instant", defaultValue: "—",
            summary: "A fixed window's end, exclusive."),
        Key(path: "environments.<name>.freeze[].start", type: "cron expression (5 fields)", defaultValue: "—",
            summary: "A recurring window opens at each match (with `end`), as GitLab's deploy freezes."),
        Key(path: "environments.<name>.freeze[].end", type: "cron expression (5 fields)", defaultValue: "—",
            summary: "…and closes at the next match of this."),
        Key(path: "environments.<name>.freeze[].timezone", type: "IANA time zone", defaultValue: "UTC",
            summary: "The zone the cron expressions are read in."),
        Key(path: "environments.<name>.readiness", type: "mapping, or `false`", defaultValue: "the platform's check",
            summary: "Checks before anything runs (gate `readiness`, exit 3 when one fails); `false` turns them all off."),
        Key(path: "environments.<name>.readiness.probes", type: "list of probes (as `verify.<env>.probes`)", defaultValue: "none",
            summary: "Environment readiness: each must pass before the backups and the handler run."),
        Key(path: "environments.<name>.readiness.platform", type: "argv list, or `false`", defaultValue: "k8s `kubectl version --request-timeout=5s`, docker `docker info`, others none",
            summary: "Platform readiness: must exit 0 within 30 s; a missing program fails the gate naming it."),
        Key(path: "environments.<name>.readiness.integrations", type: "list of probes (as `verify.<env>.probes`)", defaultValue: "none",
            summary: "Integration readiness: run only for `--external-integrations` deployments (given or inferred)."),
        Key(path: "environments.<name>.backup", type: "argv list (a database backup), or mapping of kind → backup", defaultValue: "none",
            summary: "Runs before dispatch with `BACKUP_KIND` and `DEPLOY_BACKUP_OUTPUT`; if one fails nothing is deployed (exit 4)."),
        Key(path: "environments.<name>.backup.database", type: "argv list, or `{run: argv, when: …}`", defaultValue: "none",
            summary: "A database backup; by default before `--database-migration` deployments."),
        Key(path: "environments.<name>.backup.configuration", type: "argv list, or `{run: argv, when: …}`", defaultValue: "none",
            summary: "A configuration backup; by default before every deployment to a high-safety environment."),
        Key(path: "environments.<name>.backup.state", type: "argv list, or `{run: argv, when: …}`", defaultValue: "none",
            summary: "A state backup (volumes, stateful services); by default before every deployment, `when: [k8s, docker]` limits it to platforms."),
        Key(path: "environments.<name>.backup.<kind>.run", type: "argv list", defaultValue: "—",
            summary: "The backup command, run without a shell in the work-tree root."),
        Key(path: "environments.<name>.backup.<kind>.when", type: "`always` \\| `high-safety` \\| `database-migration` \\| list of platforms", defaultValue: "database: `database-migration`; configuration: `high-safety`; state: `always`",
            summary: "Which deployments the backup runs before."),
        Key(path: "environments.<name>.auto-dispatch", type: "`false` \\| `true` \\| `confirmed`", defaultValue: "false",
            summary: "After a merge or pull the hooks deploy (as `git deploy ENV`, without asking) instead of only routing; `true` never deploys a high-safety environment, `confirmed` does (as with `--yes`). A failed deployment never fails the merge."),
        Key(path: "environments.<name>.allow", type: "list of `{branch: GLOB}` / `{tag: GLOB \\| semver \\| semver-prerelease}`",
            defaultValue: "high safety: release tags and the branches and tags the refs table routes there; others: every ref",
            summary: "The refs that may deploy here (`allowed-refs` gate, exit 3; `--emergency` does not lift it). Policy key: read from the default branch (see Policy)."),
        Key(path: "environments.<name>.allow[].branch", type: "glob", defaultValue: "—",
            summary: "Branches that may deploy (`*` within a segment, `**` across); give `branch` or `tag`."),
        Key(path: "environments.<name>.allow[].tag", type: "glob \\| `semver` \\| `semver-prerelease`", defaultValue: "—",
            summary: "Tags that may deploy; `semver` is a release tag (`v1.2.3`, `1.2.3`), `semver-prerelease` one like `v1.2.3-rc.1`."),
        Key(path: "refs", type: "list of rules", defaultValue: "the built-in ref table",
            summary: "Ref → environment rules, tried in order before the built-in ones."),
        Key(path: "refs[].branch", type: "glob", defaultValue: "—",
            summary: "A branch pattern (`*` within a segment, `**` across); give `branch` or `tag`."),
        Key(path: "refs[].tag", type: "glob \\| `semver` \\| `semver-prerelease`", defaultValue: "—",
            summary: "A tag pattern, or a Semantic Versioning keyword."),
        Key(path: "refs[].environment", type: "environment", defaultValue: "—",
            summary: "Where matching refs deploy."),
        Key(path: "refs[].options", type: "list of option flags", defaultValue: "none",
            summary: "Options every deployment of such a ref gets."),
        Key(path: "routes", type: "list of rules", defaultValue: "the built-in rule table",
            summary: "Routing rules, tried in order before the built-in ones."),
        Key(path: "routes[].key", type: "`ENV,COMPLEXITY,MODE` with `*`", defaultValue: "—",
            summary: "The routing key pattern the rule matches."),
        Key(path: "routes[].target", type: "target", defaultValue: "—",
            summary: "A built-in target or one under `targets`."),
        Key(path: "routes-replace-defaults", type: "boolean", defaultValue: "false",
            summary: "Use only the rules under `routes`."),
        Key(path: "targets", type: "mapping of target name → handler", defaultValue: "none (plan only)",
            summary: "The handler each target runs."),
        Key(path: "targets.<name>.run", type: "argv list (a string with `shell: true`)", defaultValue: "—",
            summary: "The handler, run without a shell in the work-tree root."),
        Key(path: "targets.<name>.shell", type: "boolean", defaultValue: "false",
            summary: "Run `run` (one string) with `/bin/sh -c`."),
        Key(path: "targets.<name>.timeout", type: "seconds (0.001 to 604800), or `250ms`, `90s`, `10m`, `1h`", defaultValue: "1800",
            summary: "Then the handler's process group gets SIGTERM, then SIGKILL (exit 4)."),
        Key(path: "targets.<name>.env", type: "mapping of name → value", defaultValue: "none",
            summary: "Extra environment variables for the handler."),
        Key(path: "targets.<name>.scopes", type: "mapping of rollback scope → handler", defaultValue: "none",
            summary: "For rollback-system: the handler `git deploy rollback --scope SCOPE` runs (`full`, `application`, `database`, `configuration`); other scopes run `run`."),
        Key(path: "targets.<name>.scopes.<scope>.run", type: "argv list", defaultValue: "—",
            summary: "The scope's handler, run without a shell."),
        Key(path: "targets.<name>.scopes.<scope>.timeout", type: "seconds, or `90s`, `10m`, `1h`", defaultValue: "the target's",
            summary: "As `targets.<name>.timeout`."),
        Key(path: "targets.<name>.scopes.<scope>.env", type: "mapping of name → value", defaultValue: "the target's",
            summary: "Added to the target's `env`."),
        Key(path: "platform", type: "`auto` \\| `k8s` \\| `serverless` \\| `docker` \\| `github-actions` \\| `traditional`", defaultValue: "auto",
            summary: "The platform, instead of detecting it from the tree (`--type` still wins)."),
        Key(path: "inference", type: "mapping", defaultValue: "—",
            summary: "How options are inferred from the commits being deployed."),
        Key(path: "inference.max-commits", type: "whole number ≥ 1", defaultValue: "10000",
            summary: "At most this many commits are scanned (a warning names the cap)."),
        Key(path: "inference.service-roots", type: "list of globs", defaultValue: "`services/*`, `apps/*`",
            summary: "Changes under two or more roots imply `--multi-service`."),
        Key(path: "inference.excluded-paths", type: "list of globs (empty: none)", defaultValue: "tests and docs: `*.spec.*`, `*.test.*`, `*_test.*`, `test/`, `tests/`, `__tests__/`, `*.md` (at any depth)",
            summary: "Changed paths that never imply an option; explain names the ones it passed over."),
        Key(path: "inference.<option>", type: "list of globs", defaultValue: "database-migration: `**/migrations/**`, `**/migrate/**`, `**/*.sql`, …; external-integrations: `**/integrations/**`, `**/webhooks/**`",
            summary: "Changed paths that imply the option (any option but `multi-service`); replaces its defaults."),
        Key(path: "packages", type: "mapping of package name → settings", defaultValue: "detected: `packages/*`, `apps/*`, `services/*`, `src/*` folders with their own manifest",
            summary: "Monorepo packages: a package tag (`api@1.2.3`, `api-v1.2.3`, `api/v1.2.3`) deploys that package."),
        Key(path: "packages.<name>.path", type: "folder", defaultValue: "—",
            summary: "The package's folder: its version and scan count only commits that touch it."),
        Key(path: "packages.<name>.tag", type: "`PREFIX{version}`", defaultValue: "`<name>@{version}`, `<name>-v{version}`, `<name>/v{version}`",
            summary: "How its release tags are written, when not one of the usual forms."),
        Key(path: "release", type: "mapping", defaultValue: "—",
            summary: "How the proposed version follows from the branch and its commits (`.release_config` still wins)."),
        Key(path: "release.rules", type: "list of rules", defaultValue: "none",
            summary: "Tried before the Conventional Commits defaults (breaking → major, `feat` → minor, else patch), like semantic-release's `releaseRules`; the highest matching rule decides a commit."),
        Key(path: "release.rules[].type", type: "commit type", defaultValue: "any",
            summary: "The Conventional Commits type the rule matches (`docs`, `refactor`)."),
        Key(path: "release.rules[].scope", type: "glob", defaultValue: "any",
            summary: "The scope the rule matches."),
        Key(path: "release.rules[].breaking", type: "boolean", defaultValue: "any",
            summary: "Match only breaking (or only non-breaking) commits."),
        Key(path: "release.rules[].release", type: "`major` \\| `minor` \\| `patch` \\| `none`", defaultValue: "—",
            summary: "The bump such a commit asks for (`none`: no release)."),
        Key(path: "release.prerelease-branches", type: "list of branch names", defaultValue: "`next`, `next-major`, `beta`, `alpha`",
            summary: "Branches whose versions are pre-releases named after them: `2.0.0-beta.3` on `beta`."),
        Key(path: "verify", type: "mapping of environment → probes", defaultValue: "none",
            summary: "Verification after a deployment."),
        Key(path: "verify.<env>.auto-rollback", type: "boolean", defaultValue: "false",
            summary: "On failure, deploy the previous successful deployment through rollback-system."),
        Key(path: "verify.<env>.probes", type: "list of probes", defaultValue: "none",
            summary: "Run concurrently with Kubernetes probe semantics."),
        Key(path: "verify.<env>.probes[].name", type: "string", defaultValue: "`<kind>-probe-<line>`", summary: "Shown in reports."),
        Key(path: "verify.<env>.probes[].layer", type: "`infrastructure` \\| `application` \\| `integration` \\| `business`",
            defaultValue: "application", summary: "The seed's four verification layers."),
        Key(path: "verify.<env>.probes[].http", type: "URL, or mapping", defaultValue: "—",
            summary: "An http:// check; give exactly one of `http`, `tcp`, `command`."),
        Key(path: "verify.<env>.probes[].http.url", type: "http URL (https: use a command probe)", defaultValue: "—", summary: "What to GET."),
        Key(path: "verify.<env>.probes[].http.status", type: "100–599", defaultValue: "200", summary: "The expected status."),
        Key(path: "verify.<env>.probes[].http.body-contains", type: "string", defaultValue: "none", summary: "Text the body must contain."),
        Key(path: "verify.<env>.probes[].http.headers", type: "mapping", defaultValue: "none", summary: "Request headers."),
        Key(path: "verify.<env>.probes[].tcp", type: "`host:port`", defaultValue: "—", summary: "A TCP connect check."),
        Key(path: "verify.<env>.probes[].command", type: "argv list", defaultValue: "—", summary: "Succeeds when it exits 0."),
        Key(path: "verify.<env>.probes[].timeout", type: "seconds, 0.001 to 3600", defaultValue: "1", summary: "Per attempt."),
        Key(path: "verify.<env>.probes[].period", type: "seconds, 0.001 to 3600", defaultValue: "10", summary: "Between attempts."),
        Key(path: "verify.<env>.probes[].initial-delay", type: "seconds, 0 to 3600", defaultValue: "0", summary: "Before the first attempt."),
        Key(path: "verify.<env>.probes[].failure-threshold", type: "whole number", defaultValue: "3", summary: "Consecutive failures that fail it."),
        Key(path: "verify.<env>.probes[].success-threshold", type: "whole number", defaultValue: "1", summary: "Consecutive successes that pass it."),
        Key(path: "verify.<env>.monitor", type: "mapping", defaultValue: "none",
            summary: "A monitoring window after verification passed: probes keep running; a failure marks the deployment failed (exit 5) and, with `auto-rollback`, rolls it back. `--monitor foreground\\|detach\\|off` chooses how it runs."),
        Key(path: "verify.<env>.monitor.duration", type: "seconds (1 to 86400), or `90s`, `10m`, `1h`", defaultValue: "—", summary: "How long the window lasts."),
        Key(path: "verify.<env>.monitor.interval", type: "seconds (0.1 to 3600, at most `duration`)", defaultValue: "30 (or `duration` if shorter)",
            summary: "From one round of probes to the next; each probe gets one attempt a round, and fails the window after `failure-threshold` failed rounds in a row."),
        Key(path: "verify.<env>.monitor.probes", type: "list of probes (as `verify.<env>.probes`)", defaultValue: "the verify probes",
            summary: "What the window checks."),
        Key(path: "records", type: "mapping", defaultValue: "—", summary: "How the deployment history is written and trusted."),
        Key(path: "records.require-signed", type: "boolean", defaultValue: "false",
            summary: "Write history entries as signed notes commits (Git's own signing setup); the promotion gate counts only entries `git verify-commit` accepts. Policy key: read from the default branch (see Policy)."),
        Key(path: "monitor", type: "mapping", defaultValue: "—", summary: "The monitoring system a dispatched deployment is handed to."),
        Key(path: "monitor.run", type: "argv list", defaultValue: "none",
            summary: "Started (no shell) when the handler is dispatched, with `MONITOR_MODE`, `MONITOR_ENVIRONMENT`, `MONITOR_PLATFORM`, `MONITOR_CONFIG` and `DEPLOY_*`; not waited for past 2 s, and its failure only warns."),
        Key(path: "locks", type: "mapping", defaultValue: "—",
            summary: "The one-deployment-per-environment lock (GitLab `resource_group`, GitHub `concurrency`). Policy key: read from the default branch (see Policy)."),
        Key(path: "locks.remote", type: "remote name", defaultValue: "none (the lock is `.git/deploy/locks/<env>` on this machine)",
            summary: "The lock is `refs/deploy/locks/<env>` on that remote, taken and released by compare-and-swap with your own `git push`, so clones and CI runners pushing there deploy one at a time."),
        Key(path: "locks.timeout", type: "seconds (1 to 604800), or `90s`, `45m`, `2h`", defaultValue: "the handler's `timeout` + 600",
            summary: "When a remote lock counts as abandoned (its holder crashed): the next run takes it over and records that."),
    ]

    /// The keys allowed directly under `path` ("" for the top level), in documented order.
    public static func children(of path: String) -> [String] {
        let prefix = path.isEmpty ? "" : path + "."
        var names: [String] = []
        for key in keys where key.path.hasPrefix(prefix) {
            let rest = key.path.dropFirst(prefix.count)
            // Direct children only: no further segment (a `.` outside `<…>`, or a list item `[]`).
            guard !rest.isEmpty, !rest.contains("."), !rest.hasSuffix("[]") else { continue }
            if !names.contains(String(rest)) { names.append(String(rest)) }
        }
        return names
    }

    /// The README's configuration reference: a Markdown table of every key.
    public static var markdownReference: String {
        var text = "| key | type | default | meaning |\n|---|---|---|---|\n"
        for key in keys {
            text += "| `\(key.path)` | \(key.type) | \(key.defaultValue) | \(key.summary) |\n"
        }
        return text
    }
}
