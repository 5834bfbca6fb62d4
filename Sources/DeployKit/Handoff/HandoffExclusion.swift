import Foundation
import GitRepository

/// Keeps `.deployment_config` out of `git status` (issue 18): every write of the hand-off into a
/// work tree, and `install`, make sure `.git/info/exclude` (the common directory's, which linked
/// worktrees share) ignores it, adding the line once. The line git-deploy adds is preceded by a
/// marker comment, so that `uninstall` removes exactly what git-deploy added and never a line
/// the user wrote.
public enum HandoffExclusion {
    /// The pattern added: the hand-off at the root of the work tree.
    static let pattern = "/" + DeploymentConfigFile.name
    /// The comment line that marks the pattern below it as git-deploy's.
    static let marker = "# added by git-deploy for its hand-off file (git deploy uninstall removes this and the next line)"

    static func excludePath(in repository: Repository) -> String {
        repository.commonDirectory + "/info/exclude"
    }

    /// Adds the pattern unless a line already ignores the hand-off; returns what it did, or nil
    /// when nothing needed doing.
    @discardableResult
    public static func ensure(in repository: Repository) throws(DeployError) -> String? {
        let path = excludePath(in: repository)
        try FileSystem.createDirectory((path as NSString).deletingLastPathComponent)
        // Read, check and write under one lock, so two hooks running at once add the line once.
        return try AtomicFile.withLock(path + ".lock") { () throws(DeployError) -> String? in
            let existing = read(path)
            if lines(of: existing).contains(where: ignoresHandoff) { return nil }
            let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
            try AtomicFile.replace(path, with: Array((existing + separator + marker + "\n" + pattern + "\n").utf8), mode: 0o644)
            return "added \(pattern) to \(path)"
        }
    }

    /// Removes the pattern and its marker when git-deploy added them; a line without the marker
    /// (written by the user, or by a git-deploy older than the marker) stays.
    public static func remove(from repository: Repository) throws(DeployError) -> String? {
        let path = excludePath(in: repository)
        guard FileSystem.fileExists(path) else { return nil }
        return try AtomicFile.withLock(path + ".lock") { () throws(DeployError) -> String? in
            var kept: [Substring] = []
            var removed = false
            var pending: Substring?
            for line in lines(of: read(path)) {
                if let marked = pending {
                    pending = nil
                    if line == pattern { removed = true; continue }
                    kept.append(marked)
                }
                if line == marker { pending = line } else { kept.append(line) }
            }
            if let marked = pending { kept.append(marked) }
            guard removed else { return nil }
            let text = kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
            try AtomicFile.replace(path, with: Array(text.utf8), mode: 0o644)
            return "removed \(pattern) from \(path)"
        }
    }

    /// The patterns that ignore exactly the root hand-off (a user's own broader pattern counts
    /// too only when it is one of these spellings; anything else, the line is added).
    private static func ignoresHandoff(_ line: Substring) -> Bool {
        line == pattern || line == DeploymentConfigFile.name
    }

    private static func read(_ path: String) -> String {
        FileSystem.readFileIfPresent(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private static func lines(of text: String) -> [Substring] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).map { $0 }
    }
}
