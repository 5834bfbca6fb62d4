import DeployCore
import GitRepository

/// The platform `auto` resolves to, and the file that decided it.
public struct PlatformDetection: Sendable, Equatable {
    public let platform: Platform
    public let source: String
}

/// Detects the platform from the deployed commit's tree, first match in DESIGN §4 order:
/// k8s › serverless › docker › github-actions › traditional. (Deviation D3: the seed scored `auto` 0.)
public enum PlatformDetector {
    private static let kubernetesFiles = ["Chart.yaml", "kustomization.yaml", "kustomization.yml", "helmfile.yaml"]
    private static let kubernetesDirectories = ["k8s", "kubernetes", "charts", "manifests"]
    private static let serverlessFiles = ["serverless.yml", "serverless.yaml", "serverless.ts", "samconfig.toml", "wrangler.toml"]
    private static let samTemplates = ["template.yaml", "template.yml"]
    private static let dockerFiles = ["Dockerfile", "Containerfile", "compose.yaml", "compose.yml",
                                      "docker-compose.yaml", "docker-compose.yml"]

    public static func detect(in tree: CommitTree) throws -> PlatformDetection {
        let root = try tree.entries("") ?? []
        let files = Set(root.filter { $0.kind == .file || $0.kind == .symlink }.map(\.name))
        let directories = Set(root.filter { $0.kind == .directory }.map(\.name))

        if let file = kubernetesFiles.first(where: files.contains) {
            return PlatformDetection(platform: .k8s, source: file)
        }
        if let directory = kubernetesDirectories.first(where: directories.contains) {
            return PlatformDetection(platform: .k8s, source: "\(directory)/ directory")
        }
        if let file = serverlessFiles.first(where: files.contains) {
            return PlatformDetection(platform: .serverless, source: file)
        }
        for template in samTemplates where files.contains(template) {
            // A SAM template says so with its Transform; other template.yaml files are not serverless.
            if let bytes = try tree.file(template), containsSubsequence(bytes, Array("AWS::Serverless".utf8)) {
                return PlatformDetection(platform: .serverless, source: "\(template) with AWS::Serverless")
            }
        }
        if let file = dockerFiles.first(where: files.contains) {
            return PlatformDetection(platform: .docker, source: file)
        }
        if directories.contains(".github"),
           let workflows = try tree.entries(".github/workflows"),
           let workflow = workflows.first(where: { $0.kind == .file && $0.name.lowercased().contains("deploy") }) {
            return PlatformDetection(platform: .githubActions, source: ".github/workflows/\(workflow.name)")
        }
        return PlatformDetection(platform: .traditional, source: "no container, orchestration or serverless files")
    }

    static func containsSubsequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
