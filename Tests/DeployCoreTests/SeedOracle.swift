import Foundation

/// Where the seed-parity tests find the seed's bash: the checked-in fixture, and the seed markdown
/// it was extracted from when that is beside the package (CI clones into a folder next to ../shared).
/// The fixture sits in Tests/Fixtures, outside every target folder, because SwiftPM warns about
/// files it cannot handle inside a target and Package.swift does not exclude any.
enum SeedSource {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/seed-router.sh")
    static let extractScript = packageRoot.appendingPathComponent("scripts/extract-seed-router.sh")

    /// The seed markdown, if a shared folder is around: `/work/shared` or `../shared` beside the package root.
    static let markdown: URL? = [
        URL(fileURLWithPath: "/work/shared"),
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared"),
    ]
    .map { $0.appendingPathComponent("seed/smart-deployment-router.md") }
    .first { FileManager.default.fileExists(atPath: $0.path) }
}

/// A failure to run bash, with what it printed on stderr.
struct BashFailure: Error, CustomStringConvertible {
    let status: Int32
    let stderr: String
    var description: String { "bash exited \(status): \(stderr)" }
}

/// Runs `bash -c script` with arguments, returning stdout; stdout and stderr go through temporary
/// files so a large output cannot fill a pipe and deadlock.
func runBash(_ script: String, arguments: [String]) throws -> String {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("seed-oracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("stdout")
    let err = scratch.appendingPathComponent("stderr")
    guard FileManager.default.createFile(atPath: out.path, contents: nil),
        FileManager.default.createFile(atPath: err.path, contents: nil)
    else {
        throw BashFailure(status: -1, stderr: "cannot create output files in \(scratch.path)")
    }
    let outHandle = try FileHandle(forWritingTo: out)
    let errHandle = try FileHandle(forWritingTo: err)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["bash", "-c", script, "bash"] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()

    let stdout = try String(contentsOf: out, encoding: .utf8)
    guard process.terminationStatus == 0 else {
        throw BashFailure(status: process.terminationStatus, stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
    return stdout
}
