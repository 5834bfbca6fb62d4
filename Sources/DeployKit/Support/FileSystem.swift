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
    /// The size in bytes, or nil when the file cannot be examined.
    public static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    }
}
