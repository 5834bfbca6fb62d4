import Foundation

/// Writes a file so that readers see the old content or the new, never a torn one (DESIGN §8):
/// a temporary file in the same directory, fsync, then rename over the target.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(DeployError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DeployError.badInput("cannot create \(directory): \(error.localizedDescription)")
        }
        let temporary = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return fsync(descriptor) == 0 }
            while written < buffer.count {
                let count = Foundation.write(descriptor, base + written, buffer.count - written)
                if count < 0 { if errno == EINTR { continue }; return false }
                written += count
            }
            return fsync(descriptor) == 0
        }
        let closed = close(descriptor) == 0
        guard ok, closed else {
            let error = failure("write", temporary)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename it to", path)
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ action: String, _ path: String) -> DeployError {
        DeployError.badInput("cannot \(action) \(path): \(String(cString: strerror(errno)))",
                             hint: "check that the directory exists, is writable and the disk is not full")
    }
}
