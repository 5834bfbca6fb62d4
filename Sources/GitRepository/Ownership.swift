import Foundation
internal import CLibGit2

/// Git's refusal of repositories owned by someone else (`safe.directory`, Git ≥ 2.35.2), done the
/// way Git 2.39 does it (setup.c `ensure_valid_ownership`) instead of by libgit2.
///
/// libgit2 1.5 has its own check, turned off in `LibGit2.initialize()`, because it differs from
/// Git's where users meet it: it reads `safe.directory` only from `~/.gitconfig` (not from
/// `GIT_CONFIG_GLOBAL`, the XDG file, the system file or `git -c`), does not know `*`, fails with
/// GIT_ENOTFOUND "config value 'safe.directory' was not found" (which reads as "not a
/// repository") when no `safe.directory` is set at all, and also checks a repository named by
/// `GIT_DIR`, which Git trusts (and sets for every hook it runs).
enum Ownership {
    /// Throws a GIT_EOWNER error naming the directory when Git would refuse `repository`, found
    /// by discovery (not named by GIT_DIR).
    static func verify(_ repository: Repository, environment: [String: String]) throws(GitError) {
        let workTree = repository.workTreeRoot
        let gitDirectory = repository.gitDirectory
        // A linked worktree's or submodule's `.git` is a file that points at the Git directory.
        var gitFile: String?
        if let workTree {
            var isDirectory: ObjCBool = false
            let candidate = workTree + "/.git"
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                gitFile = candidate
            }
        }
        let user = effectiveUser(environment)
        let owned = [gitFile, workTree, gitDirectory].compactMap { $0 }.allSatisfy { isOwned($0, by: user) }
        if owned { return }
        // Git names the work tree when there is one, else the Git directory, and compares that.
        let path = workTree ?? gitDirectory
        if allowed(path, by: safeDirectoryValues(environment), environment: environment) { return }
        throw GitError(code: GIT_EOWNER.rawValue, klass: Int32(GIT_ERROR_CONFIG.rawValue),
                       message: "detected dubious ownership in repository at '\(path)'", function: "safe.directory", path: path)
    }

    /// The user whose files are trusted: the effective user; for root, also the user `sudo` ran
    /// it for (SUDO_UID), since `sudo git …` is how people repair their own repositories.
    private static func effectiveUser(_ environment: [String: String]) -> (uid: uid_t, sudo: uid_t?) {
        let uid = geteuid()
        guard uid == 0, let text = environment["SUDO_UID"], let sudo = uid_t(text) else { return (uid, nil) }
        return (uid, sudo)
    }

    /// Git's `is_path_owned_by_current_uid`: lstat, and root trusts what root owns.
    private static func isOwned(_ path: String, by user: (uid: uid_t, sudo: uid_t?)) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return false }
        if user.uid == 0, status.st_uid == 0 { return true }
        return status.st_uid == (user.sudo ?? user.uid)
    }

    /// Git's `safe_directory_cb` over the values in order: `*` allows everything, a path allows
    /// exactly itself (after `~` expansion, compared as text like Git 2.39), an empty value resets.
    private static func allowed(_ path: String, by values: [String], environment: [String: String]) -> Bool {
        var isSafe = false
        for value in values {
            if value.isEmpty {
                isSafe = false
            } else if value == "*" {
                isSafe = true
            } else if expandingHome(value, environment: environment) == path {
                isSafe = true
            }
        }
        return isSafe
    }

    private static func expandingHome(_ value: String, environment: [String: String]) -> String {
        guard let home = environment["HOME"], value == "~" || value.hasPrefix("~/") else { return value }
        return home + value.dropFirst()
    }

    /// `safe.directory` from the configuration Git protects from repositories (system, global,
    /// command line; never the repository's own), in the order Git reads it.
    static func safeDirectoryValues(_ environment: [String: String]) -> [String] {
        var files: [String] = []
        if !isTrue(environment["GIT_CONFIG_NOSYSTEM"]) {
            files.append(environment["GIT_CONFIG_SYSTEM"] ?? "/etc/gitconfig")
        }
        if let global = environment["GIT_CONFIG_GLOBAL"] {
            files.append(global)
        } else if let home = environment["HOME"] {
            let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
            files += [xdg + "/git/config", home + "/.gitconfig"]
        }
        var values = files.flatMap(fileValues)
        values += commandLineValues(environment)
        return values
    }

    private static func isTrue(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(value)
    }

    /// The file's `safe.directory` values, following its includes; a missing or unreadable file has none.
    private static func fileValues(_ path: String) -> [String] {
        guard FileManager.default.isReadableFile(atPath: path),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return [] }
        LibGit2.initialize()
        var config: OpaquePointer?
        guard git_config_open_ondisk(&config, path) == 0 else { return [] }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_multivar_iterator_new(&iterator, config, "safe.directory", nil) == 0 else { return [] }
        defer { git_config_iterator_free(iterator) }
        var values: [String] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
            values.append(current.value.map { String(cString: $0) } ?? "")
        }
        return values
    }

    /// `git -c safe.directory=…` reaches a `git deploy` started by `git` through GIT_CONFIG_COUNT
    /// and GIT_CONFIG_PARAMETERS (Git 2.39 honours the command line for safe.directory).
    private static func commandLineValues(_ environment: [String: String]) -> [String] {
        var pairs: [(String, String)] = []
        if let count = environment["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 {
            for index in 0..<count {
                if let key = environment["GIT_CONFIG_KEY_\(index)"] {
                    pairs.append((key, environment["GIT_CONFIG_VALUE_\(index)"] ?? ""))
                }
            }
        }
        pairs += parseParameters(environment["GIT_CONFIG_PARAMETERS"] ?? "")
        return pairs.filter { $0.0.lowercased() == "safe.directory" }.map(\.1)
    }

    /// GIT_CONFIG_PARAMETERS: space-separated entries of single-quoted text (`'\''` for a quote),
    /// each `'key'='value'` (Git ≥ 2.31) or `'key=value'` (older).
    static func parseParameters(_ text: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var current = ""
        var key: String?  // set by an unquoted `=` between `'key'` and `'value'`
        var started = false
        var quoted = false
        func finish() {
            if let key {
                pairs.append((key, current))
            } else if started {
                let parts = current.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                pairs.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
            }
            current = ""
            key = nil
            started = false
        }
        var characters = text.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "'" { quoted = false } else { current.append(character) }
            } else if character == "'" {
                quoted = true
                started = true
            } else if character == "\\" {
                if let escaped = characters.next() { current.append(escaped) }
            } else if character == "=", started, key == nil {
                key = current
                current = ""
            } else if character == " " {
                finish()
            } else {
                current.append(character)
                started = true
            }
        }
        finish()
        return pairs
    }
}
