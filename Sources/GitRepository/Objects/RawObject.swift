internal import CLibGit2

/// The four kinds of Git object, numbered as packs and libgit2 number them.
enum ObjectKind: UInt8 {
    case commit = 1, tree = 2, blob = 3, tag = 4
}

/// An object's inflated bytes, owned here: read from a pack by `ObjectStore`, or by libgit2 for
/// what no pack we read holds. Immutable, so the delta base cache and a walk can share one.
final class RawObject {
    let kind: ObjectKind
    let bytes: UnsafeRawBufferPointer
    private let libgit2Object: OpaquePointer?

    /// Takes `buffer` (allocated with `UnsafeMutableRawPointer.allocate`), of which `count` bytes are the object.
    init(kind: ObjectKind, taking buffer: UnsafeMutableRawPointer, count: Int) {
        self.kind = kind
        bytes = UnsafeRawBufferPointer(start: buffer, count: count)
        libgit2Object = nil
    }

    /// Takes a `git_odb_object`; nil (and freed) when it is of a kind Git does not store.
    init?(taking object: OpaquePointer) {
        let type = git_odb_object_type(object)
        guard let kind = ObjectKind(rawValue: UInt8(clamping: type.rawValue)), type.rawValue > 0 else {
            git_odb_object_free(object)
            return nil
        }
        self.kind = kind
        bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
        libgit2Object = object
    }

    deinit {
        if let libgit2Object {
            git_odb_object_free(libgit2Object)
        } else {
            bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
        }
    }
}
