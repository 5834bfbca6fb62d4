#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The lock of one environment on this machine: `flock(2)` on `<common git dir>/deploy/locks/<env>`,
/// shared by every linked worktree. The kernel drops an flock when its holder exits however it
/// exits (SIGKILL included), so a crashed run never wedges the environment; the file only carries
/// the holder's description for whoever waits.
struct LocalEnvironmentLock {
    let path: String

    init(commonDirectory: String, environment: String) {
        path = commonDirectory + "/deploy/locks/" + environment
    }

    /// A lock this process holds; closing the descriptor releases it.
    final class Held: @unchecked Sendable {
        private var descriptor: Int32

        init(descriptor: Int32) {
            self.descriptor = descriptor
        }

        /// Clears the description (so nobody reads a finished holder) and releases the lock.
        func release() {
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            close(descriptor)
            descriptor = -1
        }

        deinit { release() }
    }

    enum Attempt {
        case acquired(Held)
        /// Someone else holds it; nil when they have not written their description yet.
        case held(LockHolder?)
    }

    /// Takes the lock if it is free, writing `holder` into it; never blocks.
    func tryAcquire(as holder: LockHolder) throws(DeployError) -> Attempt {
        try FileSystem.createDirectory((path as NSString).deletingLastPathComponent)
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
            guard descriptor >= 0 else { throw DeployError.writing(path, errno: errno) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                let holder = LockHolder.parse(Self.contents(of: descriptor))
                close(descriptor)
                if code == EWOULDBLOCK || code == EINTR { return .held(holder) }
                throw DeployError.writing(path, errno: code)
            }
            // `unlock` removes the file of a lock someone still holds: whoever was waiting on the
            // old file must not count it as theirs. Take the lock on what the path names now.
            guard Self.isSameFile(descriptor, path) else {
                close(descriptor)
                continue
            }
            let bytes = Array(holder.json.serialized().utf8)
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            guard written == bytes.count, ftruncate(descriptor, off_t(bytes.count)) == 0 else {
                let code = errno
                close(descriptor)
                throw DeployError.writing(path, errno: code)
            }
            return .acquired(Held(descriptor: descriptor))
        }
    }

    /// The holder right now, nil when nobody holds the lock (or the file does not exist).
    func currentHolder() -> (held: Bool, holder: LockHolder?) {
        // O_NONBLOCK: a FIFO put in the lock's place must not block the open until a writer comes;
        // it is no lock git-deploy takes (tryAcquire cannot write a holder into it) either.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return (false, nil) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return (false, nil) }
        // A shared lock is granted only when nobody holds the exclusive one.
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 { return (false, nil) }
        return (true, LockHolder.parse(Self.contents(of: descriptor)))
    }

    /// Removes the lock file so that the next run takes a new one (`unlock` of a live holder).
    func remove() throws(DeployError) {
        try FileSystem.remove(path)
    }

    /// At most `LockHolder.byteLimit` + 1 bytes of the file (more is not ours and will not parse).
    private static func contents(of descriptor: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: LockHolder.byteLimit + 1)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : []
    }

    private static func isSameFile(_ descriptor: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(descriptor, &open) == 0, lstat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }
}
