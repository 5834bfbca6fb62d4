import Foundation
import Testing
import TestSupport

/// Issue 13 item 8: platform evidence beyond the root — the top two directory levels,
/// skaffold.yaml, kustomize/, helm-chart/, */Chart.yaml, nested Dockerfiles — ranked by strength,
/// `platform:` in `.deploy.yml`, and the evidence shown.
@Suite("decisions: platform evidence beyond the root", .tags(.endToEnd))
struct DecisionPlatformEvidenceEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    static let dockerfile = "FROM scratch\n"

    @Test("a microservices sample with manifests in subfolders and service Dockerfiles is k8s")
    func microservicesSample() throws {
        var files = ["kubernetes-manifests/cart.yaml": "kind: Deployment\n", "helm-chart/Chart.yaml": "name: app\n",
                     "kustomize/base/kustomization.yaml": "resources: []\n", "skaffold.yaml": "apiVersion: skaffold/v4\n",
                     ".github/workflows/ci.yaml": "on: push\n"]
        for service in ["cart", "checkout", "frontend"] { files["src/\(service)/Dockerfile"] = Self.dockerfile }
        try repo.commit("feat: sample", files: files)
        let json = try DecisionShapes.explain(repo)
        #expect(json["platform"] as? String == "k8s")
        #expect(json["platform_source"] as? String == "skaffold.yaml")
        let evidence = json["platform_evidence"] as? [String] ?? []
        #expect(evidence.contains("k8s: helm-chart/Chart.yaml (strong)"), "\(evidence)")
        #expect(evidence.contains("k8s: kustomize/ directory (strong)"), "\(evidence)")
        #expect(evidence.contains("docker: src/cart/Dockerfile (weak)"), "\(evidence)")
        let text = try GitDeployBinary.run(["explain"], in: repo.directory).stdout
        #expect(text.contains("Evidence:") && text.contains("helm-chart/Chart.yaml (strong)"), "\(text)")
    }

    @Test("a monorepo with service Dockerfiles and compose files, and a deploy workflow, is docker")
    func dockerMonorepo() throws {
        var files = [".github/workflows/deploy.yml": "on: push\n", "deploy/docker-compose.yml": "services: {}\n"]
        for service in ["api", "web", "worker", "billing"] { files["services/\(service)/Dockerfile"] = Self.dockerfile }
        try repo.commit("feat: services", files: files)
        let json = try DecisionShapes.explain(repo)
        #expect(json["platform"] as? String == "docker")
        #expect((json["platform_evidence"] as? [String])?.contains("github-actions: .github/workflows/deploy.yml (weak)") == true)
    }

    @Test("a Chart.yaml one level down is k8s; a root Dockerfile next to k8s/ stays k8s as before")
    func nestedChartAndRootOrder() throws {
        try repo.commit("feat: chart", files: ["deploy/Chart.yaml": "name: x\n", "Dockerfile": Self.dockerfile])
        #expect(try DecisionShapes.explain(repo)["platform"] as? String == "k8s")
        let other = try sandbox.repository("other")
        try other.commit("feat: both", files: ["k8s/app.yaml": "kind: Deployment\n", "Dockerfile": Self.dockerfile])
        let json = try DecisionShapes.explain(other)
        #expect(json["platform"] as? String == "k8s")
        #expect(json["platform_source"] as? String == "k8s/ directory")
    }

    @Test("markers three levels down are not looked for; a plain repository is traditional")
    func depthLimit() throws {
        try repo.commit("feat: deep", files: ["a/b/c/Dockerfile": Self.dockerfile, "a/b/c/Chart.yaml": "name: x\n"])
        let json = try DecisionShapes.explain(repo)
        #expect(json["platform"] as? String == "traditional")
        #expect(json["platform_evidence"] as? [String] == [])
    }

    @Test("platform: in .deploy.yml replaces detection; --type still wins; a bad value names the line")
    func configured() throws {
        try repo.commit("feat: k8s", files: ["k8s/app.yaml": "kind: Deployment\n", ".deploy.yml": "# settings\nplatform: serverless\n"])
        let json = try DecisionShapes.explain(repo)
        #expect(json["platform"] as? String == "serverless")
        #expect(json["platform_source"] as? String == "platform: serverless (.deploy.yml:2)")
        #expect(try DecisionShapes.explain(repo, ["--type", "docker"])["platform"] as? String == "docker")
        try repo.write([".deploy.yml": "platform: kubernetes\n"])
        let bad = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".deploy.yml:1"), "\(bad.stderr)")
    }
}
