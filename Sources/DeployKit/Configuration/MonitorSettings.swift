/// `verify.<env>.monitor`: the monitoring window after a deployment passed verification (a bake
/// time, as CodeDeploy calls it): every `interval`, each probe gets one attempt, and a probe that
/// fails `failure-threshold` attempts in a row fails the window.
public struct MonitorWindowSettings: Sendable, Equatable {
    /// Seconds the window lasts.
    public var duration: Double
    /// Seconds from the start of one round of probes to the start of the next.
    public var interval: Double
    /// The window's own probes; nil means the environment's verify probes.
    public var probes: [ProbeSettings]?
    /// Where it was written, for errors.
    public var origin: String

    public static let defaultInterval: Double = 30

    public init(duration: Double, interval: Double = MonitorWindowSettings.defaultInterval, probes: [ProbeSettings]? = nil,
                origin: String = "default") {
        self.duration = duration
        self.interval = interval
        self.probes = probes
        self.origin = origin
    }

    /// The probes the window runs, given the environment's verify probes.
    public func effectiveProbes(verify: [ProbeSettings]) -> [ProbeSettings] {
        probes ?? verify
    }

    /// Reads `verify.<env>.monitor`; a window with nothing to probe (no `probes` of its own and
    /// none in `verify.<env>.probes`) is refused rather than silently never run.
    static func parse(_ node: ConfigNode, verifyProbes: [ProbeSettings]) throws(DeployError) -> MonitorWindowSettings {
        let fields = try node.fields(ConfigurationSchema.children(of: "verify.<env>.monitor"))
        guard let durationNode = fields["duration"] else {
            throw node.error("a monitoring window needs 'duration'", hint: "e.g. monitor: {duration: 10m, interval: 30s}")
        }
        let duration = try durationNode.duration(InputLimits.monitorDurationMin...InputLimits.monitorDurationMax)
        let interval = try fields["interval"]?.duration(InputLimits.monitorIntervalMin...InputLimits.monitorIntervalMax)
            ?? min(defaultInterval, duration)
        if interval > duration {
            throw (fields["interval"] ?? durationNode).error("interval \(ConfigNode.seconds(interval)) is longer than the window (\(ConfigNode.seconds(duration)))",
                                     hint: "make interval at most duration")
        }
        var probes: [ProbeSettings]?
        if let list = fields["probes"] {
            var parsed: [ProbeSettings] = []
            for probe in try list.sequence() { parsed.append(try ProbeParser.parse(probe)) }
            probes = parsed
        }
        guard !(probes ?? verifyProbes).isEmpty else {
            throw node.error("the monitoring window has no probes to run", hint: "list them under monitor.probes, or under probes (the window then runs the verify probes)")
        }
        return MonitorWindowSettings(duration: duration, interval: interval, probes: probes, origin: node.origin)
    }
}

/// `monitor:` at the top level: the monitoring system a deployment is handed to when it is
/// dispatched (the seed's MONITOR_MODE=deployment-monitoring), for dashboards, annotations and
/// alert silences. Its failure never fails the deployment.
public struct MonitorHandoffSettings: Sendable, Equatable {
    /// argv, run without a shell in the work-tree root; nil when not configured.
    public var run: [String]?
    public var origin: String

    public init(run: [String]? = nil, origin: String = "default") {
        self.run = run
        self.origin = origin
    }

    static func parse(_ node: ConfigNode, origins: inout [String: String]) throws(DeployError) -> MonitorHandoffSettings {
        var settings = MonitorHandoffSettings(origin: node.origin)
        let fields = try node.fields(ConfigurationSchema.children(of: "monitor"))
        if let value = fields["run"] {
            let argv = try value.strings(allowSingle: false)
            guard let program = argv.first, !program.isEmpty else { throw value.error("monitor.run is empty", hint: "e.g. run: [./scripts/annotate-dashboard]") }
            settings.run = argv
            origins["monitor.run"] = value.origin
        }
        return settings
    }
}
