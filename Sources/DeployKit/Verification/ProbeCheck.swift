/// One attempt of a probe's check: success, or why not.
struct CheckOutcome: Sendable, Equatable {
    let success: Bool
    let detail: String

    static func success(_ detail: String) -> CheckOutcome { CheckOutcome(success: true, detail: detail) }
    static func failure(_ detail: String) -> CheckOutcome { CheckOutcome(success: false, detail: detail) }
}

/// Runs the three kinds of check (DESIGN §7 "Verification"), each bounded by the probe's timeout.
struct ProbeCheck: Sendable {
    /// Where command probes run, and what they see added to the environment.
    let workingDirectory: String
    let environment: [String: String]

    func run(_ check: ProbeSettings.Check, timeout: Double) -> CheckOutcome {
        switch check {
        case let .http(url, status, bodyContains, headers):
            return http(url: url, status: status, bodyContains: bodyContains, headers: headers, timeout: timeout)
        case let .tcp(host, port):
            do {
                _ = try SocketConnection(host: host, port: port, deadline: HandlerRunner.now() + timeout)
                return .success("connected to \(host):\(port)")
            } catch {
                return .failure(error.reason)
            }
        case .command(let argv):
            return command(argv, timeout: timeout)
        }
    }

    private func http(url: String, status expected: Int, bodyContains: String?, headers: [String: String], timeout: Double) -> CheckOutcome {
        let response: HTTPProbeClient.Response
        do {
            response = try HTTPProbeClient.get(url, headers: headers, timeout: timeout)
        } catch {
            return .failure(error.reason)
        }
        guard response.status == expected else { return .failure("expected status \(expected), got \(response.status)") }
        if let needle = bodyContains, !needle.isEmpty, response.body.firstRange(of: Array(needle.utf8)) == nil {
            return .failure("status \(response.status), but the body does not contain '\(needle)'")
        }
        return .success("status \(response.status)")
    }

    private func command(_ argv: [String], timeout: Double) -> CheckOutcome {
        let runner = HandlerRunner(prefix: "", output: .discard)
        // No signal forwarding: probes are short, and a Ctrl-C should stop git-deploy, not be passed on.
        let result = runner.run(HandlerCommand(argv: argv, workingDirectory: workingDirectory, environment: environment,
                                               timeout: timeout, killGracePeriod: 1, forwardSignals: false))
        if result.outcome.succeeded { return .success("exit 0") }
        let output = String(decoding: result.outputTail.suffix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .failure("\(ShellQuoting.displayArgv(argv)) \(result.outcome)" + (output.isEmpty ? "" : ": \(output)"))
    }
}
