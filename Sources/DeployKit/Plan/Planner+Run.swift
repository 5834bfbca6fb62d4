/// Planning a run that hands off (`deploy`, `rollback`, auto-dispatch).
extension Planner {
    /// `plan`, except that a block before there is a plan (a rollback with nothing to return
    /// to) removes the hand-off an earlier run left: no stale go outlives a block (issue 14).
    public static func planRun(_ request: DeploymentRequest, in snapshot: RepositorySnapshot,
                               diagnostics: Diagnostics) throws(DeployError) -> DeploymentPlan {
        do throws(DeployError) {
            return try plan(request, in: snapshot)
        } catch {
            if error.kind == .blocked {
                do {
                    if let path = try DeploymentConfigFile.withdraw(in: snapshot.repository) {
                        diagnostics.progress(.handoff, "removed \(path): it described an earlier run, not this blocked one", problem: true)
                    }
                } catch let removal {
                    diagnostics.progress(.handoff, "could not remove the earlier \(DeploymentConfigFile.name): \(removal.message); do not use it",
                                         problem: true)
                }
            }
            throw error
        }
    }
}
