import Foundation
@testable import GitRepository
import Testing

/// Where git-deploy reads `safe.directory` from, the way Git 2.39 does (see Ownership).
@Suite("safe.directory sources", .tags(.repository))
struct OwnershipTests {
    @Test("GIT_CONFIG_PARAMETERS in both of Git's forms, with quotes inside values")
    func commandLineParameters() {
        let pairs = Ownership.parseParameters("'safe.directory'='/srv/my repo' 'core.bare=false' 'safe.directory'='/it'\\''s' 'safe.directory'=''")
        #expect(pairs.map(\.0) == ["safe.directory", "core.bare", "safe.directory", "safe.directory"])
        #expect(pairs.map(\.1) == ["/srv/my repo", "false", "/it's", ""])
        #expect(Ownership.parseParameters("").isEmpty)
    }

    @Test("values come from the system file, the global file and the command line, in that order; GIT_CONFIG_GLOBAL replaces ~/.gitconfig")
    func valueOrder() throws {
        let folder = try TestRepo.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let system = folder + "/system", global = folder + "/global", home = folder + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "[safe]\n\tdirectory = /from/system\n".write(toFile: system, atomically: true, encoding: .utf8)
        try "[safe]\n\tdirectory = /from/global\n\tdirectory = *\n".write(toFile: global, atomically: true, encoding: .utf8)
        try "[safe]\n\tdirectory = /from/home\n".write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
        let commandLine = ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "/from/count",
                           "GIT_CONFIG_PARAMETERS": "'safe.directory'='/from/c'"]

        var environment = ["GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_GLOBAL": global, "HOME": home]
        environment.merge(commandLine) { $1 }
        #expect(Ownership.safeDirectoryValues(environment) == ["/from/system", "/from/global", "*", "/from/count", "/from/c"])

        environment["GIT_CONFIG_GLOBAL"] = nil
        environment["GIT_CONFIG_NOSYSTEM"] = "true"
        #expect(Ownership.safeDirectoryValues(environment) == ["/from/home", "/from/count", "/from/c"])

        // /dev/null, as the tests and many CI setups use for "no global config", holds nothing.
        #expect(Ownership.safeDirectoryValues(["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "HOME": home]).isEmpty)
    }
}
