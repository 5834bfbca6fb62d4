import Foundation
import Testing
import TestSupport

/// git-deploy could not write one of its own files (issue 12): exit 7, not 2 ("bad input" tells a
/// person or CI that the command line or configuration is wrong, when the machine is). The tests
/// put something in the way of the file rather than use permissions or a full disk, because root
/// (which runs CI containers) ignores permissions, and a full disk cannot be made without a mount:
/// a directory where a file must be renamed to (EISDIR), or a file where a directory must be
/// (ENOTDIR), fails for every user alike.
@Suite("I/O failures writing git-deploy's own files exit 7", .tags(.endToEnd))
struct IOFailureEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    @Test(".deployment_config is a directory: the hand-off cannot be written, exit 7 naming the file")
    func handoffInTheWay() throws {
        // An empty directory is not part of the work tree's status: no gate sees it.
        try FileManager.default.createDirectory(at: repo.directory.appendingPathComponent(".deployment_config"),
                                                withIntermediateDirectories: false)
        let result = try GitDeployBinary.run(["dev", "--dry-run"], in: repo.directory)
        #expect(result.status == 7, "\(result.output)")
        #expect(result.stderr.contains("error: cannot write \(repo.directory.path)/.deployment_config: Is a directory"), "\(result.stderr)")
        #expect(result.stderr.contains("hint: check that "), "\(result.stderr)")

        let json = try GitDeployBinary.run(["dev", "--dry-run", "--format", "json"], in: repo.directory)
        #expect(json.status == 7, "\(json.output)")
        #expect(try GitDeployBinary.json(json)["exit_code"] as? Int == 7)
    }

    @Test("a file where .git/deploy must be: the metrics file cannot be written, exit 7 naming the directory")
    func metricsDirectoryInTheWay() throws {
        try Data("not a directory\n".utf8).write(to: repo.directory.appendingPathComponent(".git/deploy"))
        let result = try GitDeployBinary.run(["record", "dev", "--status", "succeeded"], in: repo.directory)
        #expect(result.status == 7, "\(result.output)")
        #expect(result.stderr.contains("error: cannot write "), "\(result.stderr)")
        #expect(result.stderr.contains("/.git/deploy: Not a directory"), "\(result.stderr)")
    }
}
