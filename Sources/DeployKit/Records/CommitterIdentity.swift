import Foundation
import GitRepository

/// Who is recording (the entry's `user`, the notes commit's committer): Git's committer identity,
/// as `git commit` finds it — GIT_COMMITTER_NAME / GIT_COMMITTER_EMAIL, then user.name /
/// user.email from the repository's config — or nil when neither is set.
public enum CommitterIdentity {
    public static func resolve(repository: Repository, environment: [String: String]) -> Identity? {
        let name = nonEmpty(environment["GIT_COMMITTER_NAME"]) ?? nonEmpty(try? repository.configString("user.name"))
        let email = nonEmpty(environment["GIT_COMMITTER_EMAIL"]) ?? nonEmpty(try? repository.configString("user.email"))
            ?? nonEmpty(environment["EMAIL"])
        guard let name, let email else { return nil }
        return Identity(name: name, email: email)
    }

    private static func nonEmpty(_ text: String??) -> String? {
        guard let text = text ?? nil else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
