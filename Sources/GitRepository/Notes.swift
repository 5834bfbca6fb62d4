import Foundation
internal import CLibGit2

/// One note in a notes tree: the object it annotates and the blob that holds its text.
public struct Note: Hashable, Sendable {
    /// The annotated object (for deployment records, the deployed commit).
    public let annotated: ObjectID
    /// The blob with the note's bytes.
    public let blob: ObjectID

    /// Builds a note by hand (for test doubles in other modules).
    public init(annotated: ObjectID, blob: ObjectID) {
        self.annotated = annotated
        self.blob = blob
    }
}

extension Repository {
    /// Every note in the tree of the notes commit `notesCommit`, in tree order, reading no note text.
    ///
    /// Reads the tree directly rather than through `git_note_iterator`, which looks every note up
    /// again by path. Notes trees may be fanned out (`ab/cdef…`, `ab/cd/ef…`, even mixed, as Git
    /// writes them once a tree grows); entries that are not notes (Git allows other files) are skipped.
    public func notes(inNotesCommit notesCommit: ObjectID) throws(GitError) -> [Note] {
        var notes: [Note] = []
        try withRootTree(of: notesCommit) { root throws(GitError) in
            try collectNotes(in: root, prefix: [], into: &notes)
        }
        return notes
    }

    /// Calls `body` with every note of `notesCommit` and its bytes (borrowed for the call only);
    /// blobs are read straight from the object database, bypassing libgit2's object cache.
    public func forEachNote(
        inNotesCommit notesCommit: ObjectID,
        _ body: (Note, UnsafeRawBufferPointer) throws(GitError) -> Void
    ) throws(GitError) {
        let notes = try notes(inNotesCommit: notesCommit)
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        for note in notes {
            try withObjectBytes(note.blob, in: odb) { bytes throws(GitError) in try body(note, bytes) }
        }
    }

    /// The note on `annotated` in `notesCommit`, nil when there is none.
    public func note(on annotated: ObjectID, inNotesCommit notesCommit: ObjectID) throws(GitError) -> Note? {
        try withRootTree(of: notesCommit) { root throws(GitError) -> Note? in
            guard let (_, blob) = try notePath(of: annotated, in: root) else { return nil }
            return Note(annotated: annotated, blob: blob)
        }
    }

    /// The bytes of the blob `id`.
    public func blobBytes(_ id: ObjectID) throws(GitError) -> [UInt8] {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        return try withObjectBytes(id, in: odb) { bytes in Array(bytes) }
    }

    private func withObjectBytes<T>(
        _ id: ObjectID, in odb: OpaquePointer,
        _ body: (UnsafeRawBufferPointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        var object: OpaquePointer?
        var oid = id.raw
        try check(git_odb_read(&object, odb, &oid), "git_odb_read")
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        return try body(UnsafeRawBufferPointer(start: git_odb_object_data(object), count: size))
    }

    /// Walks one level of a notes tree. `prefix` holds the hex digits of the fan-out directories
    /// above (bytes, not a String: this runs once per note, thousands of times per read).
    private func collectNotes(in tree: OpaquePointer, prefix: [CChar], into notes: inout [Note]) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            // Entries by index are borrowed from the tree: not freed here.
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
            let length = strlen(name)
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_BLOB where prefix.count + length == 40:
                var path = prefix
                path.append(contentsOf: UnsafeBufferPointer(start: name, count: length))
                var annotated = git_oid()
                // git_oid_fromstrn refuses anything that is not hex: such files are not notes.
                guard git_oid_fromstrn(&annotated, path, 40) == 0 else { continue }
                notes.append(Note(annotated: ObjectID(annotated), blob: ObjectID(git_tree_entry_id(entry))))
            case GIT_OBJECT_TREE where length == 2 && prefix.count + 2 < 40 && Repository.isHex(String(cString: name)):
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, handle, git_tree_entry_id(entry)), "git_tree_lookup")
                defer { git_tree_free(subtree) }
                try collectNotes(in: subtree!, prefix: prefix + [name[0], name[1]], into: &notes)
            default:
                continue
            }
        }
    }

    /// Where the note on `annotated` lives below `root` ("<40 hex>", "ab/<38 hex>", …) and its
    /// blob; descends only into the fan-out directory that can hold it, as Git does.
    func notePath(of annotated: ObjectID, in root: OpaquePointer) throws(GitError) -> (path: String, blob: ObjectID)? {
        var tree = root
        var owned: OpaquePointer?
        defer { if let owned { git_tree_free(owned) } }
        var consumed = ""
        var remaining = Substring(annotated.hex)
        while !remaining.isEmpty {
            if let entry = git_tree_entry_byname(tree, String(remaining)), git_tree_entry_type(entry) == GIT_OBJECT_BLOB {
                return (consumed + remaining, ObjectID(git_tree_entry_id(entry)))
            }
            let component = String(remaining.prefix(2))
            guard remaining.count > 2, let entry = git_tree_entry_byname(tree, component),
                  git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
            var subtree: OpaquePointer?
            try check(git_tree_lookup(&subtree, handle, git_tree_entry_id(entry)), "git_tree_lookup")
            if let owned { git_tree_free(owned) }
            owned = subtree
            tree = subtree!
            consumed += component + "/"
            remaining = remaining.dropFirst(2)
        }
        return nil
    }

    static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }
}

extension Repository {
    /// The objects whose note differs between the notes commits `old` and `new` (added, changed
    /// or removed), nil when more than `limit` tree entries differ. Compares the notes trees
    /// the way `TreeDiff` compares commits' trees: a fan-out directory whose id is unchanged is
    /// not opened, so the cost follows what changed, not how many notes there are.
    public func changedNotes(from old: ObjectID, to new: ObjectID, limit: Int) throws(GitError) -> Set<ObjectID>? {
        var changed = Set<ObjectID>()
        // A note's path is its object id in hex, split by fan-out slashes: 40 hex digits, 19 levels at most.
        let listing = try TreeDiff.paths(in: self, from: treeID(of: old), to: treeID(of: new),
                                         limits: DiffLimits(changedEntries: limit, depth: 20)) { path in
            let hex = path.utf8.filter { $0 != UInt8(ascii: "/") }
            if hex.count == 40, let id = ObjectID(hex: String(decoding: hex, as: UTF8.self)) { changed.insert(id) }
            return true
        }
        return listing == .complete ? changed : nil
    }
}
