import Foundation
import Testing
import TestSupport

/// A sparse checkout (`git sparse-checkout`, common in monorepos) leaves the files outside it
/// out of the work tree on purpose. git calls such a tree clean; so must the clean-work-tree gate.
@Suite("sparse checkouts: files outside the checkout are not uncommitted changes", .tags(.endToEnd))
struct SparseCheckoutEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.commit("feat: two services", files: ["services/api/main.go": "package main\n", "services/web/index.js": "x\n",
                                                       "docs/big.png": "png\n"])
        try repo.git("tag", "v1.0.0")
        try repo.git("sparse-checkout", "set", "--no-cone", "/*", "!/docs/")
    }

    @Test("prod from a release tag in a sparse checkout: clean-work-tree passes; a real edit still fails it")
    func sparseCheckoutIsClean() throws {
        #expect(!repo.exists("docs/big.png"))
        #expect(try repo.git("status", "--porcelain") == "")
        let clean = try GitDeployBinary.run(["prod", "--yes", "--dry-run"], in: repo.directory)
        #expect(clean.status == 0, "\(clean.output)")
        #expect(!clean.output.contains("clean-work-tree"), "\(clean.output)")

        try repo.write(["services/api/main.go": "package main // edited\n"])
        let dirty = try GitDeployBinary.run(["prod", "--yes", "--dry-run"], in: repo.directory)
        #expect(dirty.status == 3, "\(dirty.output)")
        #expect(dirty.output.contains("fail: clean-work-tree"), "\(dirty.output)")
    }
}
