import Foundation
import GitRepository

/// `records.require-signed: true`: each notes commit is made again as a signed commit by the
/// user's own `git commit-tree -S`, so that whatever signing Git is set up for (`gpg.format`
/// openpgp, ssh or x509, `user.signingkey`, an agent) signs the history as it signs commits.
/// libgit2 can store a signature but cannot make one; only the signing is handed to Git, the
/// compare-and-swap of the ref stays `NotesPublisher`'s.
struct NotesSigner {
    let repository: Repository

    /// The signed twin of `unsigned`: its tree, `parents` and `message`, by `identity`.
    func sign(_ unsigned: ObjectID, parents: [ObjectID], message: String, identity: Identity) throws(DeployError) -> ObjectID {
        // The identity the unsigned commit would have had; GIT_COMMITTER_* still win, as in Git.
        var arguments = ["-c", "user.name=\(identity.name)", "-c", "user.email=\(identity.email)", "commit-tree", "-S", unsigned.hex + "^{tree}"]
        for parent in parents { arguments += ["-p", parent.hex] }
        arguments += ["-m", message]
        let git = GitCommand(directory: repository.workTreeRoot ?? repository.gitDirectory)
        let result = try git.run(arguments)
        let output = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, let signed = ObjectID(hex: output) else {
            throw DeployError.badInput(
                "records.require-signed is true, but git could not sign the notes commit (git commit-tree -S exited \(result.status)): \(GitCommand.excerpt(result.stderr))",
                hint: "set up commit signing as for git commit -S: git config user.signingkey KEY (with git config gpg.format ssh for an SSH key)")
        }
        return signed
    }
}

extension GitCommand {
    /// At most 300 characters of what git said, on one line: enough to act on, never a flood.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " / ")
        if line.isEmpty { return "no message" }
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
