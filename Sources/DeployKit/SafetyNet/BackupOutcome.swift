import Foundation

/// How one typed backup ended, and the reference it reported (issue 17 item 2).
public struct BackupOutcome: Sendable, Equatable {
    public let kind: BackupSettings.Kind
    public let result: HandlerResult
    /// What the backup wrote to `$DEPLOY_BACKUP_OUTPUT` (a dump path, a snapshot id), checked by `BackupReference`.
    public let reference: String?

    public var succeeded: Bool { result.outcome.succeeded }

    /// The history entry's `backups[]` element: `kind`, `result` (pass or fail), `outcome`, `duration_seconds`, `ref`.
    public var json: JSONValue {
        .object([("kind", .string(kind.rawValue)), ("result", .string(succeeded ? "pass" : "fail")),
                 ("outcome", .string(result.outcome.description)),
                 ("duration_seconds", .double((result.duration * 1000).rounded() / 1000)),
                 ("ref", .optional(reference))])
    }
}

/// The reference a backup reports: what it wrote to the file named by `$DEPLOY_BACKUP_OUTPUT`.
/// It ends up in history notes, the hand-off, CI outputs and a rollback handler's environment, so
/// it is one line of printable text of at most `maxBytes` bytes (a final line break is allowed);
/// anything else is refused with a warning (the backup itself still counts as done).
public enum BackupReference {
    public static let maxBytes = InputLimits.backupReferenceBytes

    /// The reference in `name` below `directory`, or nil with why it was refused (nil, nil:
    /// nothing was written). Read as repository files are: no symlink, no FIFO, bounded.
    public static func read(_ name: String, in directory: String) -> (reference: String?, problem: String?) {
        var bytes: [UInt8]
        do {
            // Read past the cap, so that a long reference is reported as such rather than as a big file.
            guard let read = try RepositoryFile.read(name, in: directory, limit: 64 * maxBytes) else { return (nil, nil) }
            bytes = read
        } catch {
            return (nil, "\(error.message); not recorded")
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.contains(0x0A) else { return (nil, "the reference is more than one line; not recorded") }
        return validate(bytes)
    }

    /// Checks a reference read from a file or a history note.
    public static func validate(_ bytes: [UInt8]) -> (reference: String?, problem: String?) {
        guard bytes.count <= maxBytes else { return (nil, "the reference is longer than \(maxBytes) bytes; not recorded") }
        guard let text = String(validating: bytes, as: UTF8.self) else { return (nil, "the reference is not UTF-8; not recorded") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return (nil, nil) }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return (nil, "the reference '\(Excerpt.quote(trimmed))' holds control characters; not recorded")
        }
        return (trimmed, nil)
    }
}

extension DeploymentRecord {
    /// The references of the backups this deployment took and that succeeded, by kind; a
    /// reference that is not one printable line of at most `BackupReference.maxBytes` is left out.
    public var backupReferences: [BackupSettings.Kind: String] {
        guard case .array(let items)? = self["backups"] else { return [:] }
        var references: [BackupSettings.Kind: String] = [:]
        for item in items {
            guard let kind = item["kind"]?.stringValue.flatMap(BackupSettings.Kind.init(rawValue:)),
                  item["result"]?.stringValue == "pass", let text = item["ref"]?.stringValue,
                  let reference = BackupReference.validate(Array(text.utf8)).reference else { continue }
            references[kind] = reference
        }
        return references
    }
}

extension TargetSettings {
    /// The handler a rollback of `scope` runs: the scope's own, else the target's.
    func handler(for scope: RollbackScope?) -> TargetSettings {
        guard let scope, let handler = scopes[scope] else { return self }
        return handler
    }
}
