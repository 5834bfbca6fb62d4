import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader never sees a torn one and concurrent writers never interleave
/// (DESIGN §8): an exclusive `<file>.lock`, a temporary file in the same directory, fsync,
/// rename over the target, fsync of the directory.
public enum AtomicFile {
    /// How long a writer waits for another one's lock before giving up.
    static let lockTimeout: TimeInterval = 15
    /// A lock this old belongs to a process that died: say so instead of waiting forever.
    static let staleLockAge: TimeInterval = 120

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(DeployError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileSystem.createDirectory(directory) }
        try withLock(path + ".lock") { () throws(DeployError) in
            try replace(path, with: bytes, mode: mode)
        }
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(DeployError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    /// Runs `body` while holding `lockPath` (created with O_EXCL, as Git's own `.lock` files are).
    public static func withLock<T>(_ lockPath: String, _ body: () throws(DeployError) -> T) throws(DeployError) -> T {
        let started = Date()
        var delay: useconds_t = 1_000
        while true {
            let fd = open(lockPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
            if fd >= 0 {
                let note = "\(getpid())\n"
                _ = note.withCString { Glibc.write(fd, $0, strlen($0)) }
                close(fd)
                break
            }
            guard errno == EEXIST else {
                throw DeployError.writing(lockPath, errno: errno)
            }
            if let age = FileSystem.age(of: lockPath), age > staleLockAge {
                throw DeployError.badInput("\(lockPath) is \(Int(age)) s old: a git-deploy process probably died holding it",
                                           hint: "if no git-deploy is running, remove it: rm '\(lockPath)'")
            }
            if Date().timeIntervalSince(started) > lockTimeout {
                throw DeployError.badInput("\(lockPath) has been held by another process for \(Int(lockTimeout)) s",
                                           hint: "wait for the other git-deploy to finish, or remove the lock if none is running")
            }
            usleep(delay + useconds_t.random(in: 0...delay))
            delay = min(delay * 2, 50_000)
        }
        defer { unlink(lockPath) }
        return try body()
    }

    /// Temporary file in the same directory (so rename is atomic), fsync, rename, fsync the directory.
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t) throws(DeployError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw DeployError.writing(temporary, errno: errno)
        }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let result = Glibc.write(fd, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw DeployError.writing(path, errno: failure)
        }
        // The rename is durable only once the directory entry is.
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
