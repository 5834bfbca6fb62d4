import Foundation
import TestSupport
@testable import GitRepository

/// Runs git in `directory` with the shared clean environment plus `environment`, and returns
/// its standard output as bytes: object contents are not text, and `Runner` decodes UTF-8.
@discardableResult
func gitData(_ arguments: [String], in directory: String, stdin: Data? = nil,
             environment: [String: String] = [:]) throws -> Data {
    let result = try Runner.runData(TestRepository.gitExecutable, arguments, in: URL(fileURLWithPath: directory),
                                    environment: Runner.environment(environment), stdin: stdin)
    guard result.status == 0 else {
        throw TestRepo.Failure("git \(arguments.joined(separator: " ")) exited \(result.status): "
            + String(decoding: result.stderr, as: UTF8.self))
    }
    return result.stdout
}

/// The trimmed text output of git in `directory`, with extra environment (dates for a commit).
@discardableResult
func gitText(_ arguments: [String], in directory: String, stdin: Data? = nil,
             environment: [String: String] = [:]) throws -> String {
    String(decoding: try gitData(arguments, in: directory, stdin: stdin, environment: environment), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

/// One object as `git cat-file --batch` prints it.
struct GitObject: Equatable {
    let kind: String
    let bytes: Data
}

/// Every object of the repository at `directory` (loose and packed), with git's own reading of
/// its type and content: `git cat-file --batch-all-objects --batch`.
func gitObjects(in directory: String) throws -> [ObjectID: GitObject] {
    let output = [UInt8](try gitData(["cat-file", "--batch-all-objects", "--batch"], in: directory))
    var objects: [ObjectID: GitObject] = [:]
    var position = 0
    while position < output.count {
        // "<id> <type> <size>\n<content>\n"
        guard let newline = output[position...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw TestRepo.Failure("cat-file --batch: unterminated header")
        }
        let fields = String(decoding: output[position..<newline], as: UTF8.self).split(separator: " ")
        guard fields.count == 3, let id = ObjectID(hex: String(fields[0])), let size = Int(fields[2]),
              newline + 1 + size < output.count, output[newline + 1 + size] == UInt8(ascii: "\n") else {
            throw TestRepo.Failure("cat-file --batch: unexpected header \(fields)")
        }
        objects[id] = GitObject(kind: String(fields[1]), bytes: Data(output[(newline + 1)..<(newline + 1 + size)]))
        position = newline + 2 + size
    }
    return objects
}

extension ObjectKind {
    /// The type's name as git prints it.
    var gitName: String {
        switch self {
        case .commit: "commit"
        case .tree: "tree"
        case .blob: "blob"
        case .tag: "tag"
        }
    }
}

extension RawObject {
    var data: Data { Data(bytes) }

    /// True when this is exactly `object`: the same type and the same bytes.
    func matches(_ object: GitObject) -> Bool {
        kind.gitName == object.kind && bytes.count == object.bytes.count && data == object.bytes
    }
}

/// One entry of a pack: its object (as `git verify-pack -v` lists it), where it starts, the
/// entry type read from the pack's own bytes (1-4 a whole object, 6 an offset delta, 7 a
/// reference delta) and the length of its delta chain (0 for a whole object).
struct PackEntry {
    let id: ObjectID
    let offset: Int
    let type: UInt8
    let depth: Int
}

/// The `.pack` files of the repository whose git directory is `gitDirectory`, sorted.
func packPaths(in gitDirectory: String) throws -> [String] {
    let folder = gitDirectory + "/objects/pack"
    return try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.hasSuffix(".pack") }.sorted().map { folder + "/" + $0 }
}

/// The entries of the pack at `packPath`, in pack order.
func packEntries(_ packPath: String, in directory: String) throws -> [PackEntry] {
    let listing = try gitText(["verify-pack", "-v", String(packPath.dropLast(5)) + ".idx"], in: directory)
    let pack = try Data(contentsOf: URL(fileURLWithPath: packPath))
    var entries: [PackEntry] = []
    for line in listing.split(separator: "\n") {
        // "<id> <type> <size> <size in pack> <offset> [<depth> <base id>]"
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 5, let id = ObjectID(hex: String(fields[0])), let offset = Int(fields[4]) else { continue }
        let depth = fields.count >= 7 ? Int(fields[5]) ?? 0 : 0
        entries.append(PackEntry(id: id, offset: offset, type: (pack[offset] >> 4) & 7, depth: depth))
    }
    return entries.sorted { $0.offset < $1.offset }
}

/// Copies the folder at `source` to `destination` (a repository, for damaging the copy).
func copyFolder(_ source: String, to destination: String) throws {
    try FileManager.default.copyItem(atPath: source, toPath: destination)
}

/// Replaces the file at `path` with `data`; packs and their indexes are read-only.
func overwrite(_ path: String, with data: Data) throws {
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    try data.write(to: URL(fileURLWithPath: path))
}
