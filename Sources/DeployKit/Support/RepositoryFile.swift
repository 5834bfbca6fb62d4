#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GitRepository

/// Reads a file whose content the repository's authors control (`.deploy.yml`, `.release_config`,
/// `config/*.yml`) so that a commit can make git-deploy read nothing else:
/// - only a regular file inside the work tree: every component of the path is opened with
///   O_NOFOLLOW from the work-tree root, so neither the file (`.deploy.yml -> /proc/self/environ`)
///   nor a folder on the way (`config -> /etc`) may be a symlink. A link is refused, never followed:
///   its target is someone else's file, and an error quoting it would leak it;
/// - at most `limit` bytes: the size is checked with fstat on the opened descriptor (not the
///   path, which could be swapped in between) and the read itself stops after `limit` bytes (a
///   file in /proc reports size 0);
/// - the same rules for a file read from a commit's tree: a symlink entry (mode 120000) is
///   refused, and the blob's size is checked from its header before it is inflated.
public enum RepositoryFile {
    /// The bytes of `relative` below the work-tree `root`; nil when there is no such file.
    public static func read(_ relative: String, in root: String, limit: Int) throws(DeployError) -> [UInt8]? {
        let components = relative.split(separator: "/").map(String.init)
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw DeployError.badInput("cannot open the work tree \(root) to read \(relative): \(String(cString: strerror(errno)))")
        }
        for (index, component) in components.enumerated() {
            let isLast = index == components.count - 1
            // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
            let flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (isLast ? O_NONBLOCK : O_DIRECTORY)
            let next = openat(directory, component, flags)
            let failure = errno
            if next < 0 {
                defer { close(directory) }
                let walked = components[...index].joined(separator: "/")
                var info = stat()
                guard fstatat(directory, component, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                    if errno == ENOENT || errno == ENOTDIR { return nil }
                    throw DeployError.badInput("cannot read \(relative): \(String(cString: strerror(failure)))")
                }
                if info.st_mode & S_IFMT == S_IFLNK { throw linkRefused(walked, reading: relative) }
                // A plain file where a folder was expected: the file asked for does not exist.
                if !isLast, info.st_mode & S_IFMT != S_IFDIR { return nil }
                throw DeployError.badInput("cannot read \(relative): \(String(cString: strerror(failure)))")
            }
            close(directory)
            directory = next
        }
        defer { close(directory) }
        return try readRegularFile(directory, name: relative, limit: limit)
    }

    /// The bytes of `path` in `commit`; nil when there is no such file. `origin` names it in errors
    /// ("abc1234:.deploy.yml"); `what` says what failed when the repository cannot be read.
    public static func read(_ path: String, in commit: ObjectID, repository: Repository, origin: String,
                            limit: Int, what: String? = nil) throws(DeployError) -> [UInt8]? {
        let components = path.split(separator: "/").map(String.init)
        do {
            // Each folder on the way, then the file: a symlink at any step is refused.
            for index in components.indices {
                let walked = components[...index].joined(separator: "/")
                guard let info = try repository.entryInfo(atPath: walked, in: commit) else { return nil }
                if info.kind == .symlink { throw linkRefused(walked, reading: origin) }
                if index < components.count - 1 {
                    guard info.kind == .directory else { return nil }
                    continue
                }
                guard info.kind == .file else {
                    throw DeployError.badInput("\(origin) is not a regular file in the commit",
                                               hint: "git-deploy reads \(path) only as a regular file")
                }
                guard info.size <= limit else { throw tooLarge(origin, size: info.size, limit: limit) }
            }
        } catch let error as DeployError {
            throw error
        } catch {
            // A damaged object: reading it below names the damage as every other read does.
        }
        do {
            return try repository.blob(atPath: path, in: commit)
        } catch {
            throw DeployError.repositoryRead(what ?? "read \(origin)", error)
        }
    }

    private static func readRegularFile(_ descriptor: Int32, name: String, limit: Int) throws(DeployError) -> [UInt8] {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw DeployError.badInput("cannot read \(name): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw DeployError.badInput("\(name) is not a regular file",
                                       hint: "git-deploy reads \(name) only from a regular file in the work tree")
        }
        guard info.st_size <= limit else { throw tooLarge(name, size: Int(info.st_size), limit: limit) }
        // Read to the cap and one byte past it: the file may have grown since fstat, and a file
        // in /proc reports size 0 whatever it holds.
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= limit {
            let wanted = min(buffer.count, limit + 1 - bytes.count)
            let got = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw DeployError.badInput("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            bytes += buffer[..<got]
        }
        let count = bytes.count
        guard count <= limit else { throw tooLarge(name, size: nil, limit: limit) }
        return bytes
    }

    private static func linkRefused(_ link: String, reading file: String) -> DeployError {
        let what = link == file || file.hasSuffix(":" + link) ? "\(file) is a symbolic link" : "\(link) (on the way to \(file)) is a symbolic link"
        return DeployError.badInput(
            "\(what); git-deploy does not follow links when it reads repository files, so that a commit cannot make it read (and print) a file from outside the work tree",
            hint: "commit the file itself in place of the link (git rm --cached \(link), copy the content there, git add)")
    }

    private static func tooLarge(_ name: String, size: Int?, limit: Int) -> DeployError {
        let found = size.map { "\($0) bytes" } ?? "larger than that"
        return DeployError.badInput("\(name) is \(found); git-deploy reads at most \(limit) bytes of it",
                                    hint: "check that the right file is there (see README \"Limits and trust\")")
    }
}

/// read(2), reachable by name inside types whose own `read` functions shadow it
/// (RepositoryFile, HookInput).
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
