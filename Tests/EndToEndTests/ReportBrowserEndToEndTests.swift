import Foundation
import Testing
import TestSupport

/// Headless Chromium (Debian's chromium-headless-shell or chromium; `.ci/run` installs it).
enum HeadlessChromium {
    static let path: String? = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs when Chromium is there or CI requires it (GIT_DEPLOY_REQUIRE_TOOLS=1, then a missing one fails).
    static var enabled: Bool { path != nil || PyPITools.required }

    /// Chromium on a local file: no sandbox (CI runs as root), no GPU, every host name unresolvable
    /// (a request that got past the page's CSP would fail and be logged), console messages on stderr.
    static func run(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        guard let path else { throw EcosystemError("Chromium is missing: apt-get install chromium-headless-shell (or run .ci/run)") }
        return try Runner.run(path, ["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
                                     "--enable-logging=stderr", "--v=0"] + arguments, in: directory, environment: Runner.environment())
    }
}

@Suite("report --format html in a real browser: no console error, no request, the JSON's numbers", .tags(.endToEnd))
struct ReportBrowserEndToEndTests {
    @Test("headless Chromium renders the report of a known history; a screenshot is kept as an artifact",
          .enabled(if: HeadlessChromium.enabled, "needs chromium-headless-shell: apt-get install chromium-headless-shell"))
    func rendersInChromium() throws {
        let history = try KnownHistory()
        let page = history.sandbox.url("report.html")
        let written = try history.report(["--format", "html", "-o", page.path])
        #expect(written.status == 0, "\(written.stderr)")
        let json = try GitDeployBinary.json(try history.report(["--format", "json"]))
        let overall = try #require(json["overall"] as? [String: Any])

        let dom = try HeadlessChromium.run(["--dump-dom", page.absoluteString], in: history.sandbox.root)
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        // Every console message (a CSP violation, a script error, a blocked load) is logged as CONSOLE.
        let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("net::ERR") }
        #expect(console.isEmpty, "console: \(console)")
        #expect(dom.stdout.contains("<h1>Deployment report</h1>"))

        // The four keys shown, each against the JSON.
        let expected: [(String, Any?)] = [
            ("deployment_frequency_per_day", overall["deployment_frequency_per_day"]),
            ("lead_time_seconds.median", (overall["lead_time_seconds"] as? [String: Any])?["median"]),
            ("change_failure_rate", overall["change_failure_rate"]),
            ("time_to_restore_seconds.median", (overall["time_to_restore_seconds"] as? [String: Any])?["median"]),
        ]
        for (key, value) in expected {
            let shown = try #require(Self.attribute("data-value", ofCardWithKey: key, in: dom.stdout), "card \(key)")
            #expect(Double(shown) == (value as? Double), "\(key): shown \(shown), JSON \(String(describing: value))")
        }
        #expect(Self.card("deployment_frequency_per_day", in: dom.stdout)?.contains("4.0/week") == true)
        #expect(Self.card("lead_time_seconds.median", in: dom.stdout)?.contains("1.8 h") == true)
        #expect(Self.card("change_failure_rate", in: dom.stdout)?.contains("20%") == true)
        #expect(Self.card("time_to_restore_seconds.median", in: dom.stdout)?.contains("1.0 h") == true)
        #expect(dom.stdout.contains("<svg viewBox") && dom.stdout.contains("<desc id=\"weekly-desc\">5 deployments over 1 week, 1 of them failed"))

        let artifacts = URL(fileURLWithPath: GitDeployBinary.path).deletingLastPathComponent().appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try HeadlessChromium.run(["--window-size=1280,1400", "--screenshot=\(screenshot.path)", page.absoluteString], in: history.sandbox.root)
        #expect(shot.status == 0)
        #expect((try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int).map { $0 > 10_000 } == true)
        print("report screenshot: \(screenshot.path)")
    }

    static func card(_ key: String, in dom: String) -> Substring? {
        guard let start = dom.range(of: "data-key=\"\(key)\"") else { return nil }
        let rest = dom[start.lowerBound...]
        return rest[..<(rest.range(of: "</div>")?.lowerBound ?? rest.endIndex)]
    }

    static func attribute(_ name: String, ofCardWithKey key: String, in dom: String) -> String? {
        guard let card = card(key, in: dom), let start = card.range(of: "\(name)=\"") else { return nil }
        let rest = card[start.upperBound...]
        return rest.range(of: "\"").map { String(rest[..<$0.lowerBound]) }
    }
}
