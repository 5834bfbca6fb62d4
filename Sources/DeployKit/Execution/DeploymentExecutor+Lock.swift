import Foundation
import GitRepository

/// The environment lock and the outdated-deployment gate in a run (issue 14, items 3 and 4).
extension DeploymentExecutor {
    /// Takes the environment's lock (kept in `lock` until the run is recorded) and evaluates the
    /// outdated gate under it. False when the run stops here (the run then says why).
    ///
    /// The lock is taken after the confirmation prompt, not before: a person who walks away from
    /// the question must not hold everyone else's deployments. A dry run takes no lock.
    func lockEnvironment(_ run: inout DeploymentRun, options: Options, lock: inout HeldEnvironmentLock?) -> Bool {
        let e = run.explanation
        let environment = e.environment.name
        if options.dryRun {
            diagnostics.progress(.lock, "dry run: the lock of \(environment) was not taken (another deployment may be running)")
        } else if !options.lockHeldByCaller {
            do {
                let held = try takeLock(run, waiting: options.lock)
                lock = held
                run.lockTakeover = held.takeover
                var reason = "holding the lock of \(held.description)"
                if held.waited >= 0.05 { reason += " after waiting \(String(format: "%.1f", held.waited)) s" }
                if let takeover = held.takeover {
                    reason += "; took it over from \(takeover.description), whose lock expired"
                        + (takeover.expires.map { " at \(LockHolder.clock($0))" } ?? "")
                }
                run.gates.append(.pass(.lock, reason))
                diagnostics.progress(.lock, reason, problem: held.takeover != nil)
                if let remote = held.remote { fetchHistory(from: remote.lock.remote) }
            } catch {
                guard error.kind == .blocked else {
                    stop(&run, .blocked, error)
                    return false
                }
                run.gates.append(.fail(.lock, error.message))
                stop(&run, .blocked, DeployError(.blocked, "blocked by lock: \(error.message)", hint: error.hint, cause: error))
                return false
            }
        }
        let outdated: GateResult
        do {
            let facts = try OutdatedCheck.facts(environment: environment, commit: e.commit, snapshot: snapshot)
            outdated = Gate.outdated(environment: environment, facts: facts, rollback: e.routing.mode == .rollback,
                                     allowOutdated: options.allowOutdated)
        } catch {
            stop(&run, .blocked, error)
            return false
        }
        run.gates.append(outdated)
        if outdated.status != .pass { diagnostics.progress(.gates, "\(outdated.status.rawValue): \(outdated.gate.rawValue): \(outdated.reason)") }
        guard outdated.status != .fail else {
            stop(&run, .blocked, DeployError(.blocked, "blocked by outdated: \(outdated.reason)"))
            return false
        }
        return true
    }

    /// With a remote lock, the history is shared through the same remote: fetched (and merged)
    /// once the lock is held, pushed before it is released (`historySync`). Then the outdated
    /// gate of a run on one machine sees what a run on another deployed just before it. A fetch
    /// that fails is said; the gate then reads this clone's history.
    private func fetchHistory(from remote: String) {
        do {
            let outcome = try historySync.fetch(remote: remote)
            diagnostics.progress(.lock, "fetched the deployment history from \(remote): \(outcome.rawValue)")
        } catch {
            diagnostics.progress(.lock, "could not fetch the deployment history from \(remote): \(error.message); "
                                 + "the outdated gate reads this clone's history only", problem: true)
        }
    }

    /// Shares the history with the lock's remote (see `fetchHistory`).
    var historySync: NotesSync {
        let repository = snapshot.repository
        let identity = CommitterIdentity.resolve(repository: repository, environment: ProcessInfo.processInfo.environment) ?? .fallback
        return NotesSync(repository: repository, identity: identity)
    }

    private func takeLock(_ run: DeploymentRun, waiting: LockWaiting) throws(DeployError) -> HeldEnvironmentLock {
        let repository = snapshot.repository
        let settings = snapshot.lockSettings
        let now = Date()
        let who = CommitterIdentity.resolve(repository: repository, environment: run.plan.request.environmentVariables)?.description
            ?? "unknown (no Git identity)"
        let expires = settings.remote.map { _ in now.addingTimeInterval(settings.expiry(handlerTimeout: run.plan.handler?.timeout)) }
        let holder = LockHolder.current(who: who, commit: run.explanation.commit?.hex, deployment: run.id, now: now, expires: expires)
        return try EnvironmentLock(environment: run.explanation.environment.name, repository: repository, settings: settings,
                                   diagnostics: diagnostics).acquire(as: holder, waiting: waiting)
    }
}
