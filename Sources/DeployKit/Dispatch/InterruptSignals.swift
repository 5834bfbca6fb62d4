#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// SIGINT and SIGTERM received while handlers run. Handlers run in their own process groups (so
/// that a timeout can stop their whole tree), which also means a terminal's Ctrl-C no longer
/// reaches them; each runner therefore forwards what arrives here to its group.
///
/// The C signal handler may only do async-signal-safe things, so it stores into two raw integers
/// — the C idiom of a `volatile sig_atomic_t` — which the runners read between polls: slot 0
/// counts signals, slot 1 holds the latest one.
enum InterruptSignals {
    // Allocated once and never freed; plain loads and stores of an aligned Int32, which is what
    // `sig_atomic_t` promises in C. Not Sendable as a pointer, hence nonisolated(unsafe).
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<Int32> = {
        let slots = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        slots.initialize(repeating: 0, count: 2)
        return slots
    }()

    private static let lock = NSLock()
    // Guarded by `lock`: how many runners forward signals, and the dispositions to restore after the last.
    nonisolated(unsafe) private static var users = 0
    nonisolated(unsafe) private static var saved: [Int32: sigaction] = [:]

    static let forwarded: [Int32] = [SIGINT, SIGTERM]

    /// Starts catching; returns the count to compare `pending(since:)` with.
    static func begin() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        let count = slots[0]  // Touches the lazy global before any handler can run.
        if users == 0 {
            for signal in forwarded {
                var action = sigaction()
                #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = { received in
                    InterruptSignals.record(received)
                }
                #else
                action.__sigaction_u.__sa_handler = { received in
                    InterruptSignals.record(received)
                }
                #endif
                sigemptyset(&action.sa_mask)
                action.sa_flags = SA_RESTART
                var previous = sigaction()
                sigaction(signal, &action, &previous)
                saved[signal] = previous
            }
            // A parent may have started us with these signals blocked (test runners and some CI
            // agents do), and a blocked signal would never reach the handler above: unblock them
            // on this thread, the one that waits for the handler and forwards.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            for signal in forwarded { sigaddset(&unblock, signal) }
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        }
        users += 1
        return count
    }

    /// Stops catching once no runner is left; the previous dispositions come back.
    static func end() {
        lock.lock()
        defer { lock.unlock() }
        users -= 1
        if users == 0 {
            for (signal, var previous) in saved { sigaction(signal, &previous, nil) }
            saved = [:]
        }
    }

    /// The latest signal when any arrived after `count` was taken.
    static func pending(since count: Int32) -> Int32? {
        slots[0] != count ? slots[1] : nil
    }

    private static func record(_ signal: Int32) {
        slots[1] = signal
        slots[0] &+= 1
    }
}
