import DeployCore
import Foundation
import GitRepository

/// `git deploy hook pre-receive` (issue 14, item 5): server-side enforcement in the bare
/// repository pushes land in. Every pushed branch and tag is routed with the policy of the
/// default branch; when one bound for a high-safety environment fails `freeze`,
/// `require-promotion-from` or `allowed-refs`, the whole push is rejected (Git refuses every
/// ref of a push whose pre-receive exits non-zero), and the reasons reach the pusher as
/// `remote: …` lines. Client hooks can be skipped (`--no-verify`, `GIT_DEPLOY_SKIP=1`, a clone
/// without them); this cannot, so neither is honoured here.
public enum PreReceiveHook {
    public static let modeKey = "policy.server-mode"

    /// One line of pre-receive's standard input: `<old-value> SP <new-value> SP <ref-name>` (githooks(5)).
    struct Update {
        let old: ObjectID
        let new: ObjectID
        let ref: String
    }

    /// A ref that failed the policy, with why.
    struct Refusal {
        let ref: String
        let environment: String
        let failures: [GateResult]
    }

    public static func run(environment: [String: String], diagnostics: Diagnostics, now: Date = Date()) -> Int32 {
        // Read first, on its own: whether a failure rejects the push or only warns depends on it.
        // The repository opened for it is the snapshot's too (a failure to open is reported there).
        let repository = try? RepositorySnapshot.openRepository()
        let warnOnly = serverMode(repository, diagnostics) == "warn"
        do {
            let input = try readInput()
            if let status = try ChainedHook.run(hookPath: environment["GIT_DEPLOY_HOOK_PATH"], arguments: [], stdin: input), status != 0 {
                diagnostics.note("git-deploy: the chained pre-receive hook failed with status \(status); push rejected")
                return status
            }
            let updates = try parse(String(decoding: input, as: UTF8.self))
            // Read once for the whole push: the policy, the refs table and the history are shared by every ref.
            let snapshot = try RepositorySnapshot.readForProcess(repository: repository)
            let refusals = try check(updates, snapshot: snapshot, now: now)
            return report(refusals, snapshot: snapshot, warnOnly: warnOnly, diagnostics: diagnostics)
        } catch {
            diagnostics.error(error)
            if warnOnly {
                diagnostics.note("git-deploy: the push is accepted unchecked (\(modeKey)=warn)")
                return 0
            }
            // Fail closed: a ref bound for prod could be among those that were not checked.
            diagnostics.note("git-deploy: push rejected: the deployment policy could not be checked")
            return error.exitCode
        }
    }

    /// `enforce` (the default) or `warn`, from the bare repository's git config: the server's
    /// administrator decides, not whoever can push to the default branch.
    static func serverMode(_ repository: Repository?, _ diagnostics: Diagnostics) -> String {
        guard let repository, let value = try? repository.configString(modeKey) else { return "enforce" }
        guard value == "warn" || value == "enforce" else {
            diagnostics.warning("\(modeKey) '\(Excerpt.quote(value))' is neither enforce nor warn; enforcing")
            return "enforce"
        }
        return value
    }

    static func readInput() throws(DeployError) -> Data {
        let read = try HookInput.read(from: STDIN_FILENO, lineLimit: InputLimits.preReceiveLineBytes,
                                      totalLimit: InputLimits.preReceiveInputBytes) { reason in
            DeployError.badInput("cannot read the pre-receive input: \(reason)")
        }
        switch read {
        case .success(let input): return input
        case .failure(.lineTooLong(let line)):
            throw DeployError.badInput("pre-receive input line \(line) is longer than \(InputLimits.preReceiveLineBytes) bytes; the push is not checked")
        case .failure(.tooLarge(let lines)):
            throw DeployError.badInput("the pre-receive input is larger than \(InputLimits.preReceiveInputBytes) bytes (more than \(lines) refs); the push is not checked",
                                       hint: "push fewer refs at a time")
        }
    }

    static func parse(_ input: String) throws(DeployError) -> [Update] {
        var updates: [Update] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let old = ObjectID(hex: String(fields[0])), let new = ObjectID(hex: String(fields[1])) else {
                throw DeployError.badInput("pre-receive input line \(index + 1) is not '<old> <new> <ref>': '\(Excerpt.quote(line, limit: 120))'",
                                           hint: "git deploy hook pre-receive is run by Git's pre-receive hook on a push")
            }
            updates.append(Update(old: old, new: new, ref: String(fields[2])))
        }
        return updates
    }

    /// The refs that fail. The policy is that of the default branch as it is now: pre-receive
    /// runs before any ref moves, so a push that updates the default branch is checked against
    /// its current tip, not the pushed one; otherwise one push could loosen the policy (drop a
    /// freeze) and pass through the gap it opened.
    static func check(_ updates: [Update], snapshot: RepositorySnapshot, now: Date) throws(DeployError) -> [Refusal] {
        let configuration = snapshot.configuration
        // Routed by the policy's refs table: the pushed commits' own .deploy.yml is not trusted here.
        let table = configuration.policy?.refRules ?? configuration.refRules
        // Per environment, not per ref: a push of 10,000 tags evaluates each once.
        var freezes: [String: GateResult] = [:]
        var allowLists: [String: [AllowRule]?] = [:]
        var refusals: [Refusal] = []
        for update in updates {
            if let refusal = unreadablePolicy(update, snapshot: snapshot) { refusals.append(refusal) }
            // A deletion deploys nothing; refs outside refs/heads and refs/tags (notes, …) route nowhere.
            guard !update.new.isZero, let ref = DeployRef(fullName: update.ref),
                  let match = RefMatch.first(for: ref, in: table),
                  let definition = configuration.environments.definition(named: match.rule.environment),
                  definition.safety == .high else { continue }
            let settings = configuration.settings(for: definition.name)
            if allowLists[definition.name] == nil { allowLists[definition.name] = AllowedRefs.rules(for: definition, in: configuration) }
            var results = [Gate.allowedRefs(AllowedRefsInput(environment: definition.name, refs: [ref], rules: allowLists[definition.name] ?? nil))]
            if freezes[definition.name] == nil {
                freezes[definition.name] = Gate.freeze(now: now, windows: settings.freeze, emergency: false)
            }
            results.append(freezes[definition.name]!)
            if let source = settings.requirePromotionFrom {
                // A new annotated tag pushes the tag object: promotion is of the commit it tags.
                let commit: ObjectID
                do {
                    commit = try snapshot.repository.resolveCommit(update.new.hex)
                } catch {
                    results.append(.fail(.promotion, "\(update.new.short) does not lead to a commit: \(error.message)"))
                    refusals.append(Refusal(ref: update.ref, environment: definition.name, failures: results.failures))
                    continue
                }
                let (promoted, unverified, inWindow) = try DeploymentChecks.promotion(from: source, commit: commit, snapshot: snapshot)
                results.append(Gate.promotion(requireFrom: source, hasSuccessfulDeployment: promoted, emergency: false,
                                              unverified: unverified, inWindow: inWindow))
            }
            if !results.failures.isEmpty {
                refusals.append(Refusal(ref: update.ref, environment: definition.name, failures: results.failures))
            }
        }
        return refusals
    }

    /// A push that would put a `.deploy.yml` the policy reader refuses at the tip of the default
    /// branch is refused itself: once there, every later push (the fix included) would be
    /// rejected as unchecked, and only the server's administrator could undo it.
    static func unreadablePolicy(_ update: Update, snapshot: RepositorySnapshot) -> Refusal? {
        guard let current = snapshot.configuration.policy?.location, update.ref == current.resolved, !update.new.isZero,
              let commit = try? snapshot.repository.resolveCommit(update.new.hex) else { return nil }
        let pushed = PolicyLocation(reference: current.reference, resolved: current.resolved, commit: commit, reason: current.reason)
        do {
            _ = try TrustedPolicy.load(pushed, repository: snapshot.repository)
            return nil
        } catch {
            return Refusal(ref: update.ref, environment: "the policy",
                           failures: [.fail(.policy, "\(error.message); the default branch's .deploy.yml is the deployment policy: push it valid (git deploy config checks it)")])
        }
    }

    static func report(_ refusals: [Refusal], snapshot: RepositorySnapshot, warnOnly: Bool, diagnostics: Diagnostics) -> Int32 {
        guard !refusals.isEmpty else { return 0 }
        let policy = snapshot.configuration.policy?.location.map { "the policy of \($0.display)" } ?? "the policy"
        for refusal in refusals.prefix(InputLimits.preReceiveReportedRefs) {
            for failure in refusal.failures {
                diagnostics.note("git-deploy: \(refusal.ref) → \(refusal.environment): \(failure.gate.rawValue): \(failure.reason)")
            }
        }
        if refusals.count > InputLimits.preReceiveReportedRefs {
            diagnostics.note("git-deploy: … and \(refusals.count - InputLimits.preReceiveReportedRefs) more refs failed the same way")
        }
        let count = "\(refusals.count) ref\(refusals.count == 1 ? "" : "s")"
        if warnOnly {
            diagnostics.note("git-deploy: warning: \(count) failed \(policy); accepted because \(modeKey)=warn")
            return 0
        }
        diagnostics.note("git-deploy: push rejected: \(count) bound for a high-safety environment failed \(policy); no ref of this push was updated")
        return DeployError(.blocked, "").exitCode
    }
}
