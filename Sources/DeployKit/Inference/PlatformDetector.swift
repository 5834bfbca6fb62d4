import DeployCore
import GitRepository

/// The platform `auto` resolves to, the evidence that decided it and the rest that was found.
public struct PlatformDetection: Sendable, Equatable {
    public let platform: Platform
    /// The strongest evidence: "helm-chart/Chart.yaml", "k8s/ directory".
    public let source: String
    /// Everything found, strongest first (at most `PlatformDetector.evidenceShown`): "k8s: skaffold.yaml (strong)".
    public let evidence: [String]

    public init(platform: Platform, source: String, evidence: [String] = []) {
        self.platform = platform
        self.source = source
        self.evidence = evidence
    }
}

/// Detects the platform from the deployed commit's tree (Deviation D3: the seed scored `auto` 0).
///
/// Looks at the root and the top two directory levels below it, since services and manifests
/// often live in subfolders (`kubernetes-manifests/`, `helm-chart/Chart.yaml`,
/// `src/cartservice/Dockerfile`), and ranks what it finds by strength: a file that only an
/// orchestrator or serverless framework reads (Chart.yaml, kustomization.yaml, skaffold.yaml,
/// serverless.yml, …) is strong anywhere; a container file or manifests folder at the root is
/// medium, nested it is weak; a deploy workflow is weak. The platform with the strongest evidence
/// wins, ties in the order k8s › serverless › docker › github-actions.
public enum PlatformDetector {
    struct Evidence {
        let platform: Platform
        let strength: Int
        let path: String
    }

    private static let kubernetesFiles: Set<String> = ["Chart.yaml", "kustomization.yaml", "kustomization.yml", "helmfile.yaml", "skaffold.yaml", "skaffold.yml"]
    private static let kubernetesDirectories: Set<String> = ["k8s", "kubernetes", "kubernetes-manifests", "charts", "helm", "helm-chart",
                                                             "manifests", "kustomize"]
    private static let serverlessFiles: Set<String> = ["serverless.yml", "serverless.yaml", "serverless.ts", "samconfig.toml", "wrangler.toml"]
    private static let samTemplates: Set<String> = ["template.yaml", "template.yml"]
    private static let dockerFiles: Set<String> = ["Dockerfile", "Containerfile", "compose.yaml", "compose.yml",
                                                   "docker-compose.yaml", "docker-compose.yml"]
    private static let order: [Platform] = [.k8s, .serverless, .docker, .githubActions]
    /// Directories read below the root, at most: a monorepo with thousands of folders costs no more.
    static let directoryLimit = 256
    /// Evidence lines explain shows.
    static let evidenceShown = 8

    public static func detect(in tree: CommitTree) throws -> PlatformDetection {
        var found: [Evidence] = []
        var read = 0
        // (path prefix, depth): the root is depth 0; its folders 1; theirs 2.
        var queue: [(String, Int)] = [("", 0)]
        while !queue.isEmpty {
            let (directory, depth) = queue.removeFirst()
            guard let entries = try tree.entries(directory) else { continue }
            for entry in entries {
                let path = directory.isEmpty ? entry.name : "\(directory)/\(entry.name)"
                switch entry.kind {
                case .file, .symlink:
                    found += try evidence(file: entry.name, path: path, depth: depth, tree: tree)
                case .directory:
                    if kubernetesDirectories.contains(entry.name) {
                        found.append(Evidence(platform: .k8s, strength: depth == 0 ? 3 : 2, path: "\(path)/ directory"))
                    }
                    if depth == 0, entry.name == ".github", let workflows = try tree.entries(".github/workflows"),
                       let workflow = workflows.first(where: { $0.kind == .file && $0.name.lowercased().contains("deploy") }) {
                        found.append(Evidence(platform: .githubActions, strength: 1, path: ".github/workflows/\(workflow.name)"))
                    }
                    if depth < 2, !entry.name.hasPrefix("."), read < directoryLimit {
                        read += 1
                        queue.append((path, depth + 1))
                    }
                default:
                    continue
                }
            }
        }
        let ranked = found.sorted { a, b in
            a.strength != b.strength ? a.strength > b.strength
                : (order.firstIndex(of: a.platform) ?? 9, a.path.count, a.path) < (order.firstIndex(of: b.platform) ?? 9, b.path.count, b.path)
        }
        guard let best = ranked.first else {
            return PlatformDetection(platform: .traditional, source: "no container, orchestration or serverless files")
        }
        let names = ["", "weak", "medium", "strong"]
        let shown = ranked.prefix(evidenceShown).map { "\($0.platform.rawValue): \($0.path) (\(names[$0.strength]))" }
        let more = ranked.count > evidenceShown ? ["… and \(ranked.count - evidenceShown) more"] : []
        return PlatformDetection(platform: best.platform, source: best.path, evidence: shown + more)
    }

    private static func evidence(file name: String, path: String, depth: Int, tree: CommitTree) throws -> [Evidence] {
        if kubernetesFiles.contains(name) { return [Evidence(platform: .k8s, strength: 3, path: path)] }
        if serverlessFiles.contains(name) { return [Evidence(platform: .serverless, strength: 3, path: path)] }
        if samTemplates.contains(name) {
            // A SAM template says so with its Transform; other template.yaml files are not serverless.
            // Only the root's template may stop the run (an oversized one is refused unread); a
            // nested one that cannot be read is simply no evidence.
            let bytes = depth == 0 ? try tree.file(path) : try? tree.file(path)
            guard let bytes, containsSubsequence(bytes, Array("AWS::Serverless".utf8)) else { return [] }
            return [Evidence(platform: .serverless, strength: 3, path: "\(path) with AWS::Serverless")]
        }
        if dockerFiles.contains(name) { return [Evidence(platform: .docker, strength: depth == 0 ? 2 : 1, path: path)] }
        return []
    }

    static func containsSubsequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
