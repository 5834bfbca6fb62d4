import Foundation
internal import CLibGit2

/// Reads the objects a commit walk and its diffs need: from the repository's packs directly
/// (`PackFile`), and through libgit2 for everything else (loose objects, alternates, a pack
/// this reader does not understand, and every error, so that errors read as libgit2's do).
///
/// Why not libgit2 alone: for each object it takes locks, looks up its cache, sets up and tears
/// down a zlib stream and copies the result; over the 50,000 objects of a 10,000-commit scan
/// that cost more than inflating them. Reading in place keeps the scan to what Git spends.
final class ObjectStore {
    private let database: OpaquePointer
    private let packDirectory: String?
    private lazy var packs: [PackFile] = ObjectStore.openPacks(in: packDirectory)
    // The pack that answered last: objects read together are usually in the same pack.
    private var lastPack = 0
    let deltaBases: DeltaBaseCache
    let inflater = Inflater()
    private var scratchBuffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    // Commits read and parsed while resolving `A~N`, until a walk takes them (see `keep`).
    private var keptCommits = HashTable<ObjectID, (raw: RawObject, parsed: ParsedCommit)>()
    private var keptBytes = 0

    /// Delta bases kept for reuse (Git keeps up to 96 MiB, libgit2 16 MiB). Measured on the
    /// benchmark repository (10,000 commits, delta chains 50 deep): 8 MiB already saves every
    /// inflate a larger cache saves, and 32 MiB was 6% slower for the fresh memory it touches.
    static let deltaBaseBudget = 8 << 20
    /// Commits kept between resolving `A~N` and walking `A~N..A`: 10,000 commits are about 2.5 MiB.
    static let keptCommitBudget = 32 << 20

    /// Reads `repository`'s objects; packs are looked for on the first read.
    init(repository: Repository, deltaBaseBudget: Int = ObjectStore.deltaBaseBudget) throws(GitError) {
        database = try repository.objectDatabase()
        // GIT_OBJECT_DIRECTORY moves the objects elsewhere: libgit2 knows where, so it reads them all.
        let moved = ProcessInfo.processInfo.environment["GIT_OBJECT_DIRECTORY"] != nil
        packDirectory = moved ? nil : repository.commonDirectory + "/objects/pack"
        deltaBases = DeltaBaseCache(budget: deltaBaseBudget)
    }

    deinit {
        git_odb_free(database)
        scratchBuffer.deallocate()
    }

    /// The object `id`; a missing or unreadable object is libgit2's error.
    func read(_ id: ObjectID) throws(GitError) -> RawObject {
        if let object = object(id, depth: 0) { return object }
        var object: OpaquePointer?
        var oid = id.raw
        try check(git_odb_read(&object, database, &oid), "git_odb_read")
        guard let raw = RawObject(taking: object!) else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, klass: Int32(GIT_ERROR_ODB.rawValue),
                           message: "object \(id.hex) has an unknown type", function: "git_odb_read")
        }
        return raw
    }

    /// The commit `id` with its parse, when `keep` holds it; it is then held no more.
    func takeKept(_ id: ObjectID) -> (raw: RawObject, parsed: ParsedCommit)? {
        guard let kept = keptCommits.removeValue(forKey: id) else { return nil }
        keptBytes -= kept.raw.bytes.count
        return kept
    }

    /// Holds `commit`, parsed, for a walk that is about to read it (within a budget).
    func keep(_ commit: RawObject, parsed: ParsedCommit, as id: ObjectID) {
        guard keptBytes + commit.bytes.count <= ObjectStore.keptCommitBudget, keptCommits[id] == nil else { return }
        keptCommits[id] = (commit, parsed)
        keptBytes += commit.bytes.count
    }

    /// `id` from the packs, or nil when no pack holds it or it cannot be read from there.
    func object(_ id: ObjectID, depth: Int) -> RawObject? {
        // A reference delta's base is found by id; a pack whose bases refer to each other in a
        // circle must not send this round for ever.
        guard depth < 64, !packs.isEmpty else { return nil }
        for step in 0..<packs.count {
            let number = (lastPack + step) % packs.count
            guard let offset = packs[number].index.offset(of: id) else { continue }
            lastPack = number
            return packs[number].object(at: offset, store: self, depth: depth)
        }
        return nil
    }

    /// A buffer of exactly `count` bytes for a delta's instructions, reused from one delta to the next.
    func scratch(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if scratchBuffer.count < count {
            scratchBuffer.deallocate()
            scratchBuffer = .allocate(byteCount: max(count, 4096), alignment: 8)
        }
        return UnsafeMutableRawBufferPointer(rebasing: scratchBuffer[0..<count])
    }

    /// Every pack in `directory` that this reader understands, newest first as Git orders them.
    private static func openPacks(in directory: String?) -> [PackFile] {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let indexes = names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".idx") }.map { directory + "/" + $0 }
        let newestFirst = indexes.count < 2 ? indexes : indexes
            .map { (path: $0, modified: (try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast) }
            .sorted { $0.modified > $1.modified }
            .map(\.path)
        var packs: [PackFile] = []
        for path in newestFirst where packs.count < 1024 {
            if let pack = PackFile(indexPath: path, number: packs.count) { packs.append(pack) }
        }
        return packs
    }
}
