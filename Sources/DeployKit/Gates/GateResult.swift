/// One gate's or target validation's verdict (DESIGN §7): pass, warn or fail, with a reason.
public struct GateResult: Sendable, Equatable {
    public enum Status: String, Sendable { case pass, warn, fail }
    public let name: String
    public let status: Status
    public let reason: String

    public init(name: String, status: Status, reason: String) {
        self.name = name
        self.status = status
        self.reason = reason
    }
}
