import Foundation
import Testing
import TestSupport

/// A large YAML merge key in `config/<env>.yml` (README "Limits and trust"): the merge is linear
/// in the number of keys, and what the handler gets is the YAML merge semantics, key order kept.
@Suite("hostile input: large application config merges", .tags(.endToEnd))
struct HostileInputMergeEndToEndTests {
    @Test("`<<: *big` of 20,000 keys, overridden and layered: DEPLOY_APP_CONFIG holds every key once, in order, overrides applied")
    func largeMergeKey() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        let count = 20_000
        var yaml = "big: &big\n"
        for index in 0..<count { yaml += "  k\(index): \(index)\n" }
        yaml += "copy:\n  <<: *big\n  k5: overridden\n  extra: true\n"
        let out = sandbox.url("app-config.json").path
        try repo.commit("chore: app config", files: [
            ".deploy.yml": "targets:\n  direct-deployment:\n    run: [sh, -c, 'cp \"$DEPLOY_APP_CONFIG\" \"$OUT\"']\n",
            "config/base.yml": "copy: {k7: from-base, only-base: 1}\n",
            "config/staging.yml": yaml,
            "config/local.yml": "copy: {k9: local}\n",
        ])
        let result = try GitDeployBinary.run(["staging", "--yes"], in: repo.directory, environment: ["OUT": out])
        #expect(result.status == 0, "\(result.output)")

        // Key order matters (handlers may print it): read the file's own order, not a dictionary's.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let copy = try #require(json["copy"] as? [String: Any])
        #expect(copy.count == count + 2)
        #expect(copy["k5"] as? String == "overridden")
        #expect(copy["k7"] as? Int == 7, "the merge key's value beats base.yml's, as a later layer")
        #expect(copy["k9"] as? String == "local")
        #expect(copy["only-base"] as? Int == 1)
        #expect(copy["extra"] as? Bool == true)
        #expect((json["big"] as? [String: Any])?.count == count)
        let copyText = try #require(text.range(of: "\"copy\": {").map { text[$0.upperBound...] })
        let order = ["\"k7\"", "\"only-base\"", "\"k0\"", "\"k19999\"", "\"extra\""].compactMap { copyText.range(of: $0)?.lowerBound }
        #expect(order.count == 5 && order == order.sorted(), "base.yml's keys first, then the merged ones in file order")
    }
}
