/// Bounds of the monitoring window (`verify.<env>.monitor`), checked when `.deploy.yml` is read,
/// next to the other caps (InputLimits.swift) but in their own file so that branches adding caps
/// elsewhere do not collide.
extension InputLimits {
    /// The longest window: one day. Longer bake times belong to a monitoring system (`monitor.run`).
    public static let monitorDurationMax: Double = 24 * 3600
    /// The shortest window: anything shorter is one probe attempt, which `verify` already is.
    public static let monitorDurationMin: Double = 1
    /// The shortest interval between rounds of probes: ten rounds a second at most, so that a
    /// typo (`interval: 1ms`) cannot turn the window into a load test of the service.
    public static let monitorIntervalMin: Double = 0.1
    /// The longest interval: one hour, as a probe's period.
    public static let monitorIntervalMax: Double = 3600
    /// How long `git deploy` waits for `monitor.run` to exit before leaving it running on its own.
    public static let monitorHandoffWaitSeconds: Double = 2
}
