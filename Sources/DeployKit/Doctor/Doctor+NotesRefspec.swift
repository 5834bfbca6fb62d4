import GitRepository

/// The `+refs/notes/deployments` fetch refspec (README "History", Sharing), advised by context
/// (issue 14): Git has no refspec that merges notes, so a forced one *replaces* this repository's
/// history with the remote's when the two have diverged — right where the history is only read
/// (a CI runner, a machine that never records), wrong where deployments are recorded and not yet
/// pushed; one without `+` makes `git fetch` fail once they diverge. Where you record, the README
/// says to leave it out and share with `git deploy history --fetch REMOTE --push REMOTE`.
extension Doctor {
    static func notesRefspec(_ repository: Repository, environment: [String: String]) -> Finding {
        let check = "deployment history sharing"
        let fetch: [(name: String, value: String)]
        do {
            fetch = try repository.configEntries(matching: "^remote\\..*\\.fetch$")
        } catch {
            return Finding(status: .warn, check: check, detail: "cannot read the remotes: \(error.message)", fix: nil)
        }
        func remote(_ name: String) -> String { String(name.dropFirst("remote.".count).dropLast(".fetch".count)) }
        let remotes = Set(fetch.map { remote($0.name) }).sorted()
        guard let first = remotes.first else {
            return Finding(status: .ok, check: check, detail: "no remotes: history stays in this repository", fix: nil)
        }
        let notes = fetch.filter { $0.value.contains("refs/notes/deployments") }
        let share = "git deploy history --fetch \(first) --push \(first)"
        let unset = { (name: String) in "git config --unset-all remote.\(name).fetch 'refs/notes/deployments'" }

        // Without '+', git fetch and git pull fail as soon as the two histories diverge.
        if let plain = notes.first(where: { !$0.value.hasPrefix("+") }).map({ remote($0.name) }) {
            return Finding(status: .warn, check: check,
                           detail: "remote.\(plain).fetch fetches refs/notes/deployments without '+': git fetch and git pull fail with \"[rejected] refs/notes/deployments (non-fast-forward)\" once deployments are recorded on both sides",
                           fix: "\(unset(plain)), and share with git deploy history --fetch \(plain) --push \(plain) (it merges both sides)")
        }
        if let forced = notes.first.map({ remote($0.name) }) {
            // Whether deployments are recorded here: a CI runner that records pushes each entry
            // right away (git deploy history --push), a checkout with no history yet has none to lose.
            let recordsHere = environment["CI"] == nil && !((try? repository.referenceTargets(matching: "refs/notes/deployments"))?.isEmpty ?? true)
            guard recordsHere else {
                return Finding(status: .ok, check: check,
                               detail: "git fetch brings refs/notes/deployments from \(forced), replacing this repository's: right where the history is only read (a CI runner, a machine that never records); where you record deployments, remove it (\(unset(forced))) and share with git deploy history --fetch \(forced) --push \(forced)",
                               fix: nil)
            }
            return Finding(status: .warn, check: check,
                           detail: "git fetch from \(forced) replaces refs/notes/deployments with the remote's when they diverge: deployments recorded here and not pushed yet drop out of it (git reflog refs/notes/deployments keeps them)",
                           fix: "if you record deployments here: \(unset(forced)), and share with git deploy history --fetch \(forced) --push \(forced) (it merges both sides); on a machine that only reads the history, keep it")
        }
        return Finding(status: .ok, check: check,
                       detail: "shared with \(share), which merges both sides (plain git fetch does not bring it); on a machine that only reads the history (a CI runner), git config --add remote.\(first).fetch '+refs/notes/deployments:refs/notes/deployments' lets git fetch bring it",
                       fix: nil)
    }
}
