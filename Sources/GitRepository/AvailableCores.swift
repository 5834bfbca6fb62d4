import Foundation

/// How many cores this process may run on: its CPU affinity (`taskset`, a container's
/// cpuset), not the machine's count, which `ProcessInfo.activeProcessorCount` reports. A
/// second thread on a process pinned to one core only competes with the first.
enum AvailableCores {
    static let count: Int = {
        // Glibc's module does not export sched_getaffinity (it needs _GNU_SOURCE); the kernel
        // reports the same mask as hex words in /proc/self/status ("Cpus_allowed:\tff,ffffffff").
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) {
            let bits = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, digit in
                count + (digit.hexDigitValue ?? 0).nonzeroBitCount
            }
            if bits > 0 { return bits }
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }()
}
