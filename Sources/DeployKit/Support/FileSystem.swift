import Foundation

/// The few file operations DeployKit needs, in one place.
public enum FileSystem {
    /// The file's bytes, or nil when it does not exist or is not a regular file.
    public static func readFileIfPresent(_ path: String) -> [UInt8]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }

    public static func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    public static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }
}

extension FileSystem {
    /// Seconds since the file was last modified, or nil when it does not exist.
    public static func age(of path: String) -> TimeInterval? {
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
        return Date().timeIntervalSince(modified)
    }
}

extension FileSystem {
    /// Creates `path` and its missing parents; a failure is git-deploy's own write failing (exit 7).
    public static func createDirectory(_ path: String) throws(DeployError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DeployError.writing(path, errno: ENOTDIR) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createDirectory(parent) }
        if mkdir(path, 0o777) != 0, errno != EEXIST { throw DeployError.writing(path, errno: errno) }
    }

    public static func move(_ source: String, to destination: String) throws(DeployError) {
        guard rename(source, destination) == 0 else {
            throw DeployError.writing(destination, errno: errno)
        }
    }

    public static func remove(_ path: String) throws(DeployError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw DeployError(.ioFailure, "cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }
}
