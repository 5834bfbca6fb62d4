/// One message for a person (after swift-format's `Diagnostic`): what the executable writes to
/// standard error, or, for progress of a text run, to standard output.
public struct Diagnostic: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `error: …` (a `DeployError`'s message).
        case error
        /// `hint: …`, the fix that follows an error.
        case hint
        /// `warning: …`: worth saying, does not stop anything.
        case warning
        /// A line written as given (the hooks' `git-deploy: …` lines, `history --fetch` notes).
        case note
        /// `[stage] …`: what a deployment is doing; `problem` lines are highlighted.
        case progress(Stage, problem: Bool)
    }

    public let kind: Kind
    public let message: String
}

/// The stages of a deployment as its progress names them (DESIGN §1).
public enum Stage: String, Sendable {
    case route, gates, lock, validation, readiness, backup, handoff = "hand-off", dispatch, verify, rollback, record, monitor
}

/// The one sink every diagnostic goes through (DESIGN §9 "one diagnostics sink"); the executable
/// decides in one place how each kind is escaped, coloured and where it is written.
public struct Diagnostics: Sendable {
    private let consume: @Sendable (Diagnostic) -> Void

    public init(_ consume: @escaping @Sendable (Diagnostic) -> Void) {
        self.consume = consume
    }

    public func emit(_ kind: Diagnostic.Kind, _ message: String) {
        consume(Diagnostic(kind: kind, message: message))
    }

    /// `error: MESSAGE`, then `hint: HINT` when there is one.
    public func error(_ error: DeployError) {
        emit(.error, error.message)
        if let hint = error.hint { emit(.hint, hint) }
    }

    public func warning(_ text: String) { emit(.warning, text) }
    public func note(_ text: String) { emit(.note, text) }
    public func progress(_ stage: Stage, _ text: String, problem: Bool = false) { emit(.progress(stage, problem: problem), text) }
}
