import Foundation
import Testing
import TestSupport

/// Help everywhere and the install paths: the committed man page is what the argument definitions
/// generate; `install.sh` into a PREFIX of your own installs the binary, completions and man page,
/// says how to put it on PATH, makes `git deploy --help` and `git deploy help COMMAND` work, and
/// `--uninstall` removes every file. (The .deb is checked by scripts/test-deb.sh in .ci/run.)
@Suite("install paths and the manual", .tags(.endToEnd))
struct EcosystemInstallEndToEndTests {
    /// swift-argument-parser's generator, as `swift build --product generate-manual` builds it
    /// (`generate-manual`; a build through the package plugin names it `generate-manual-tool`).
    static let generator: String = {
        let folder = URL(fileURLWithPath: GitDeployBinary.path).deletingLastPathComponent()
        let names = ["generate-manual", "generate-manual-tool"].map { folder.appendingPathComponent($0).path }
        return names.first { FileManager.default.isExecutableFile(atPath: $0) } ?? names[0]
    }()
    static var generatorBuilt: Bool { FileManager.default.isExecutableFile(atPath: generator) }

    @Test("man/git-deploy.1 is what generate-manual makes from the argument definitions",
          .enabled(if: PyPITools.required || generatorBuilt, "needs swift build --product generate-manual"))
    func manualIsCurrent() throws {
        guard Self.generatorBuilt else {
            throw EcosystemError("\(Self.generator) is missing: swift build --product generate-manual")
        }
        let script = try String(contentsOf: Ecosystem.source("scripts/update-manual.sh"), encoding: .utf8)
        let date = try #require(script.firstMatch(of: /\ndate=(\S+)\n/)).1
        let result = try Ecosystem.run(Self.generator, [GitDeployBinary.path, "--date", String(date), "--output-directory", "-"],
                                       in: Ecosystem.sourceRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try String(contentsOf: Ecosystem.source("man/git-deploy.1"), encoding: .utf8)
        #expect(result.stdout == committed, "man/git-deploy.1 is stale: run scripts/update-manual.sh")
    }

    @Test("the man page documents every subcommand the binary has")
    func manualCoversSubcommands() throws {
        let sandbox = try Sandbox()
        let help = try GitDeployBinary.run(["--help"], in: sandbox.root).stdout
        let section = try #require(help.components(separatedBy: "SUBCOMMANDS:").last)
        let names = section.split(separator: "\n\n").first!.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
        #expect(names.count >= 12, "\(names)")
        let manual = try String(contentsOf: Ecosystem.source("man/git-deploy.1"), encoding: .utf8)
        for name in names {
            #expect(manual.contains(".It Em \(name)\n"), "man/git-deploy.1 lacks \(name): run scripts/update-manual.sh")
        }
    }

    @Test("install.sh into PREFIX=$HOME/.local: PATH hint, git deploy --help, help COMMAND, --uninstall")
    func installIntoHome() throws {
        let sandbox = try Sandbox()
        let home = sandbox.url("home")
        let prefix = home.appendingPathComponent(".local")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let environment = ["HOME": home.path, "PREFIX": prefix.path, "PATH": "/usr/bin:/bin"]
        let install = try Ecosystem.run(Ecosystem.source("install.sh").path, ["--binary", GitDeployBinary.path],
                                        in: sandbox.root, environment: environment)
        #expect(install.status == 0, "\(install.output)")
        #expect(install.stdout.contains("install.sh: \(prefix.path)/bin is not on PATH; add it (e.g. echo 'export PATH=\"\(prefix.path)/bin:$PATH\"' >> ~/.profile)"),
                "\(install.stdout)")
        let installed = ["bin/git-deploy", "share/man/man1/git-deploy.1", "share/bash-completion/completions/git-deploy",
                         "share/zsh/site-functions/_git-deploy", "share/fish/vendor_completions.d/git-deploy.fish"]
        for file in installed {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file)")
        }

        // A fresh install, as the hint says: PATH has PREFIX/bin, and man finds the page through it.
        let repo = try sandbox.repository()
        var shell = environment
        shell["PATH"] = prefix.path + "/bin:/usr/bin:/bin"
        shell["MANPAGER"] = "cat"
        shell["PAGER"] = "cat"
        shell["MANWIDTH"] = "80"
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let help = try repo.tryGit(["deploy", "--help"], environment: shell)
            #expect(help.status == 0, "\(help.output)")
            #expect(help.stdout.contains("GIT-DEPLOY(1)") && help.stdout.contains("Route a Git push, tag or merge"), "\(help.output)")
        }
        let subcommand = try repo.tryGit(["deploy", "help", "explain"], environment: shell)
        #expect(subcommand.status == 0)
        #expect(subcommand.stdout.contains("USAGE: git-deploy explain"), "\(subcommand.output)")

        let uninstall = try Ecosystem.run(Ecosystem.source("install.sh").path, ["--uninstall"], in: sandbox.root, environment: environment)
        #expect(uninstall.status == 0, "\(uninstall.output)")
        let left = FileManager.default.enumerator(atPath: prefix.path)?.compactMap { entry -> String? in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: prefix.appendingPathComponent(entry as! String).path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? nil : entry as? String
        } ?? []
        #expect(left.isEmpty, "left after --uninstall: \(left)")
    }
}
