import Foundation

/// Per-environment settings beyond name and safety (DESIGN §7, §9).
public struct EnvironmentSettings: Sendable, Equatable {
    /// The environment a commit must have been deployed to successfully first (promotion gate).
    public var requirePromotionFrom: String?
    /// Windows during which deployments are blocked.
    public var freeze: [FreezeWindow]
    /// Typed backups run before dispatch (database, configuration, state); a failure stops it.
    public var backups = BackupSettings()
    /// Checks that must pass before anything is dispatched (gate `readiness`).
    public var readiness = ReadinessSettings()
    /// Whether post-merge deploys (DESIGN §6, AutoDispatch.swift).
    public var autoDispatch: AutoDispatch
    /// `allow:`, the refs that may deploy here (nil: the default, see `AllowedRefs.rules`).
    public var allow: [AllowRule]? = nil

    public init(requirePromotionFrom: String? = nil, freeze: [FreezeWindow] = [], autoDispatch: AutoDispatch = .off) {
        self.requirePromotionFrom = requirePromotionFrom
        self.freeze = freeze
        self.autoDispatch = autoDispatch
    }
}

/// A deployment freeze: fixed instants, or GitLab-style cron expressions opening and closing it.
public enum FreezeWindow: Sendable, Equatable {
    case fixed(from: Date, to: Date, origin: String)
    case cron(start: String, end: String, timeZone: String, origin: String)
}

/// A deployment handler (DESIGN §7 "Dispatch").
public struct TargetSettings: Sendable, Equatable {
    /// argv, run without a shell; with `shell`, one string for `/bin/sh -c`.
    public var run: [String]
    public var shell: Bool
    /// Seconds before the handler's process group is stopped.
    public var timeout: Double
    /// Extra environment variables for the handler.
    public var environment: [String: String]
    public var origin: String
    /// `scopes.<scope>`: the handler a `rollback --scope` runs instead (rollback-system).
    public var scopes: [RollbackScope: TargetSettings] = [:]

    public static let defaultTimeout: Double = 1800

    public init(run: [String], shell: Bool = false, timeout: Double = TargetSettings.defaultTimeout,
                environment: [String: String] = [:], origin: String) {
        self.run = run
        self.shell = shell
        self.timeout = timeout
        self.environment = environment
        self.origin = origin
    }
}

/// `verify.<env>` (DESIGN §7 "Verification").
public struct VerifySettings: Sendable, Equatable {
    public var autoRollback: Bool
    public var probes: [ProbeSettings]
    /// `verify.<env>.monitor`: the monitoring window after verification, if any.
    public var monitor: MonitorWindowSettings?

    public init(autoRollback: Bool = false, probes: [ProbeSettings] = [], monitor: MonitorWindowSettings? = nil) {
        self.autoRollback = autoRollback
        self.probes = probes
        self.monitor = monitor
    }
}

/// One probe, with Kubernetes probe semantics for its timing and thresholds.
public struct ProbeSettings: Sendable, Equatable {
    public enum Layer: String, Sendable, CaseIterable { case infrastructure, application, integration, business }
    public enum Check: Sendable, Equatable {
        case http(url: String, status: Int, bodyContains: String?, headers: [String: String])
        case tcp(host: String, port: Int)
        case command([String])
    }

    public var name: String
    public var layer: Layer
    public var check: Check
    public var timeout: Double
    public var period: Double
    public var initialDelay: Double
    public var failureThreshold: Int
    public var successThreshold: Int
    public var origin: String

    public init(name: String, layer: Layer, check: Check, timeout: Double = 1, period: Double = 10, initialDelay: Double = 0,
                failureThreshold: Int = 3, successThreshold: Int = 1, origin: String) {
        self.name = name
        self.layer = layer
        self.check = check
        self.timeout = timeout
        self.period = period
        self.initialDelay = initialDelay
        self.failureThreshold = failureThreshold
        self.successThreshold = successThreshold
        self.origin = origin
    }
}

/// One effective setting and where it came from, for `git deploy config --show-origin`.
public struct ConfigSetting: Sendable, Equatable {
    public let key: String
    public let value: String
    /// "default" or ".deploy.yml:LINE".
    public let origin: String

    public init(key: String, value: String, origin: String) {
        self.key = key
        self.value = value
        self.origin = origin
    }
}
