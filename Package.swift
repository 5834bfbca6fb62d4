// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "git-deploy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-deploy", targets: ["git-deploy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Property-based tests only (Tests/DeployKitTests/Properties).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev). Only GitRepository may import it.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // Keeps libgit2 from parsing the system CA bundle at init (see startup.c); C, because
        // it must be an exported C symbol.
        .target(name: "CLibGit2Startup"),
        // The only Swift code that touches libgit2: owned handles, typed errors, value types out.
        .target(name: "GitRepository", dependencies: ["CLibGit2", "CLibGit2Startup"]),
        // Pure values and rules: no I/O.
        .target(name: "DeployCore"),
        // The stages with I/O: inference, configuration, hand-off, hooks, records.
        .target(
            name: "DeployKit",
            dependencies: ["GitRepository", "DeployCore", .product(name: "Yams", package: "Yams")]
        ),
        // The thin executable: commands, output formatting, exit codes.
        .executableTarget(
            name: "git-deploy",
            dependencies: ["DeployKit", "DeployCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            linkerSettings: [
                // The hooks start this binary on every push. Linked as a position-dependent
                // executable, its ~100,000 relative relocations are resolved at link time instead
                // of being applied (and their pages copied) at every start: about 2 ms of 5.
                .unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        // Fixture helpers shared by the test targets: real repositories in temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitRepositoryTests", dependencies: ["GitRepository", "TestSupport"]),
        .testTarget(name: "DeployCoreTests", dependencies: ["DeployCore", "TestSupport"]),
        .testTarget(
            name: "DeployKitTests",
            dependencies: ["DeployKit", "GitRepository", "DeployCore", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["git-deploy", "TestSupport"]),
    ]
)
