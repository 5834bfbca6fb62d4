import DeployKit

/// Workspaces kept until the process exits, where the system reclaims their memory at once.
///
/// Why: libgit2 frees its object cache object by object when the repository is freed, and after a
/// scan of thousands of commits that took 5–12% of the whole run; the command is done by then and
/// the process about to exit. Git itself never frees at exit. Swift runs no deinit for globals.
nonisolated(unsafe) private var keptUntilExit: [Workspace] = []

/// Opens the workspace for a command that exits when done (see `keptUntilExit`).
func openWorkspaceForProcess() throws -> Workspace {
    let workspace = try Workspace.open()
    keptUntilExit.append(workspace)
    return workspace
}
