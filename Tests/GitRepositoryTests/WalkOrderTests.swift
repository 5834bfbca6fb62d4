import Foundation
import TestSupport
import Testing
@testable import GitRepository

/// `.incremental` (the order every scan uses) must list exactly what `git rev-list` lists, in
/// the same order, and `.topological` the same commits with no parent before its child
/// (libgit2's topological sort breaks ties its own way), on histories where commit dates lie
/// (a child older than its parent, equal dates, criss-cross and octopus merges) and where
/// git's own cut-off for skewed clocks (SLOP) decides what is shown.
@Suite("Walk order agrees with git rev-list", .tags(.repository))
struct WalkOrderTests {
    /// A history made commit by commit with `git commit-tree`, each at a chosen committer date.
    private final class Graph {
        let repo: TestRepo
        private(set) var ids: [String: ObjectID] = [:]
        private(set) var names: [ObjectID: String] = [:]
        private(set) var order: [String] = []
        private lazy var repositoryHandle: Repository? = try? Repository.open(at: repo.path)
        private let tree: String

        init() throws {
            repo = try TestRepo()
            tree = try repo.git("hash-object", "-t", "tree", "-w", "/dev/null")
        }

        var repository: Repository {
            get throws {
                guard let repositoryHandle else { throw TestRepo.Failure("cannot open \(repo.path)") }
                return repositoryHandle
            }
        }

        subscript(name: String) -> ObjectID { ids[name]! }

        /// Commits `name` with `parents` (by name) at `date` seconds after a fixed epoch.
        @discardableResult
        func commit(_ name: String, _ parents: [String] = [], date: Int) throws -> ObjectID {
            var arguments = ["commit-tree", tree]
            for parent in parents { arguments += ["-p", self[parent].hex] }
            arguments += ["-m", name]
            let stamp = "\(1_700_000_000 + date) +0000"
            let output = try gitText(arguments, in: repo.path, environment: ["GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp])
            guard let id = ObjectID(hex: output) else { throw TestRepo.Failure("commit-tree printed \(output)") }
            ids[name] = id
            names[id] = name
            order.append(name)
            return id
        }

        func label(_ ids: [ObjectID]) -> String { ids.map { names[$0] ?? $0.short }.joined(separator: " ") }
    }

    private static func walked(_ repository: Repository, _ range: CommitRange, _ order: WalkOrder) throws -> (ids: [ObjectID], visited: Int) {
        let walk = try repository.walk(range, order: order)
        var ids: [ObjectID] = []
        while let commit = try walk.next() { ids.append(commit.id) }
        // Past the end it stays at the end.
        #expect(try walk.next() == nil)
        return (ids, walk.visited)
    }

    private static func revList(_ repo: TestRepo, _ options: [String], _ range: CommitRange) throws -> [ObjectID] {
        let arguments = ["rev-list"] + options + range.include.map(\.hex) + range.exclude.map { "^" + $0.hex }
        return try repo.git(arguments).split(separator: "\n").compactMap { ObjectID(hex: String($0)) }
    }

    /// Walks `range` both ways and compares with git; returns the descriptions of what differs.
    private static func differences(_ repo: TestRepo, _ repository: Repository, _ range: CommitRange,
                                    label: (([ObjectID]) -> String)? = nil) throws -> [String] {
        let show = label ?? { $0.map(\.short).joined(separator: " ") }
        let name = show(range.include) + (range.exclude.isEmpty ? "" : " ^" + range.exclude.map { show([$0]) }.joined(separator: " ^"))
        var problems: [String] = []

        let git = try revList(repo, [], range)
        let incremental = try walked(repository, range, .incremental)
        if incremental.ids != git {
            problems.append("\(name): incremental walk [\(show(incremental.ids))], git rev-list [\(show(git))]")
        }
        if incremental.visited != incremental.ids.count { problems.append("\(name): incremental visited \(incremental.visited) of \(incremental.ids.count)") }

        let topological = try walked(repository, range, .topological)
        if Set(topological.ids) != Set(git) || topological.ids.count != git.count {
            problems.append("\(name): topological walk [\(show(topological.ids))] is not the set of git rev-list [\(show(git))]")
        }
        if topological.visited != topological.ids.count { problems.append("\(name): topological visited \(topological.visited) of \(topological.ids.count)") }
        // No commit after one of its parents.
        let position = Dictionary(topological.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for id in topological.ids {
            for parent in try repository.commit(id).parents {
                if let parentPosition = position[parent], parentPosition < position[id]! {
                    problems.append("\(name): topological walk gives parent \(show([parent])) before its child \(show([id]))")
                }
            }
        }
        return problems
    }

    /// Expects every range `allPairs` tries to walk as git does.
    private static func expectAllPairsAgree(_ graph: Graph, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problems = try allPairs(graph)
        #expect(problems.isEmpty, "\(problems.count) ranges differ:\n\(problems.prefix(8).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    /// Every commit alone, and every commit with every other one excluded (ancestors,
    /// descendants, unrelated commits and itself).
    private static func allPairs(_ graph: Graph) throws -> [String] {
        let repository = try graph.repository
        var problems: [String] = []
        for include in graph.order {
            problems += try differences(graph.repo, repository, CommitRange(include: [graph[include]]), label: graph.label)
            for exclude in graph.order {
                problems += try differences(graph.repo, repository, CommitRange(include: [graph[include]], exclude: [graph[exclude]]),
                                            label: graph.label)
            }
        }
        return problems
    }

    @Test("a line whose dates go backwards and forwards")
    func skewedLine() throws {
        let graph = try Graph()
        try graph.commit("A", date: 1000)
        try graph.commit("B", ["A"], date: 3000)
        try graph.commit("C", ["B"], date: 2000)  // older than its parent
        try graph.commit("D", ["C"], date: 4000)
        try graph.commit("E", ["D"], date: 500)  // older than the whole history
        try graph.commit("F", ["E"], date: 5000)
        try Self.expectAllPairsAgree(graph)
    }

    @Test("merges of a branch from the future, of unrelated histories, and a child older than its merge")
    func mergesWithSkew() throws {
        let graph = try Graph()
        try graph.commit("A", date: 100)
        try graph.commit("B", ["A"], date: 200)
        try graph.commit("C", ["B"], date: 300)
        try graph.commit("S1", ["A"], date: 150)
        try graph.commit("S2", ["S1"], date: 900)  // a clock in the future
        try graph.commit("M", ["C", "S2"], date: 400)
        try graph.commit("N", ["M"], date: 350)
        try graph.commit("R", date: 250)  // an unrelated root
        try graph.commit("R2", ["R"], date: 260)
        try graph.commit("U", ["N", "R2"], date: 500)
        try Self.expectAllPairsAgree(graph)
        // Several tips and several exclusions at once.
        let repository = try graph.repository
        var more: [String] = []
        for (include, exclude) in [(["C", "S2"], ["A"]), (["U"], ["C", "S1"]), (["U", "R2"], ["M", "R"]), (["N"], ["S2", "B", "R"]),
                                   (["C", "R2"], []), (["U"], ["U", "A"]), (["S2", "C"], ["M"])] {
            more += try Self.differences(graph.repo, repository, CommitRange(include: include.map { graph[$0] }, exclude: exclude.map { graph[$0] }),
                                         label: graph.label)
        }
        #expect(more.isEmpty, "\(more.joined(separator: "\n"))")
    }

    @Test("criss-cross merges")
    func crissCross() throws {
        let graph = try Graph()
        try graph.commit("A", date: 100)
        try graph.commit("B1", ["A"], date: 200)
        try graph.commit("C1", ["A"], date: 210)
        try graph.commit("B2", ["B1", "C1"], date: 300)
        try graph.commit("C2", ["C1", "B1"], date: 310)
        try graph.commit("B3", ["B2"], date: 400)
        try graph.commit("C3", ["C2"], date: 390)
        try graph.commit("M", ["B3", "C3"], date: 500)
        try graph.commit("M2", ["C3", "B3"], date: 150)  // the mirror merge, dated before its parents
        try Self.expectAllPairsAgree(graph)
    }

    @Test("an octopus merge and a child dated before it")
    func octopus() throws {
        let graph = try Graph()
        try graph.commit("A", date: 100)
        try graph.commit("X", ["A"], date: 200)
        try graph.commit("Y", ["A"], date: 150)
        try graph.commit("Z", ["A"], date: 300)
        try graph.commit("W", ["Y"], date: 250)
        try graph.commit("O", ["X", "W", "Z"], date: 400)
        try graph.commit("P", ["O"], date: 50)
        try graph.commit("Q", ["P", "Z"], date: 450)
        try Self.expectAllPairsAgree(graph)
    }

    @Test("commits that all share one date come in git's first-in, first-out order")
    func equalDates() throws {
        let graph = try Graph()
        try graph.commit("A", date: 1000)
        try graph.commit("B", ["A"], date: 1000)
        try graph.commit("C", ["A"], date: 1000)
        try graph.commit("D", ["B", "C"], date: 1000)
        try graph.commit("E", ["D"], date: 1000)
        try graph.commit("F", ["C"], date: 1000)
        try graph.commit("G", ["E", "F"], date: 1000)
        try graph.commit("H", ["F", "E", "B"], date: 1000)
        try Self.expectAllPairsAgree(graph)
        let repository = try graph.repository
        var more: [String] = []
        for (include, exclude) in [(["G", "H"], []), (["H", "G"], []), (["G", "H"], ["B"]), (["H", "G"], ["F", "B"]), (["G"], ["H"])] {
            more += try Self.differences(graph.repo, repository, CommitRange(include: include.map { graph[$0] }, exclude: exclude.map { graph[$0] }),
                                         label: graph.label)
        }
        #expect(more.isEmpty, "\(more.joined(separator: "\n"))")
    }

    @Test("git's cut-off for skewed clocks: what an excluded history reaches too late is still shown, as git shows it",
          arguments: [2, 4, 5, 6, 7, 9])
    func slop(excludedChain: Int) throws {
        // T -> C -> Base are interesting; U -> U1 -> ... -> C is the excluded history, dated
        // before Base. Git stops reading five commits after only excluded ones are left, so with
        // a long enough chain it never learns that C and Base are excluded, and lists them.
        let graph = try Graph()
        try graph.commit("Base", date: 100)
        try graph.commit("C", ["Base"], date: 900)
        try graph.commit("T", ["C"], date: 1000)
        var previous = "C"
        for n in stride(from: excludedChain, through: 1, by: -1) {
            try graph.commit("U\(n)", [previous], date: 10 + (excludedChain - n))
            previous = "U\(n)"
        }
        try graph.commit("U", [previous], date: 80)
        let repository = try graph.repository
        let range = CommitRange(include: [graph["T"]], exclude: [graph["U"]])
        let problems = try Self.differences(graph.repo, repository, range, label: graph.label)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The case is only worth something if git's cut-off decides it: git reads five excluded
        // commits after the last interesting one (each also marking its parent's parents), so
        // from a chain of six on it never learns that C is excluded.
        let git = try Self.revList(graph.repo, [], range)
        #expect(git.contains(graph["C"]) == (excludedChain >= 6), "git rev-list T ^U: \(graph.label(git))")
        #expect(try Self.allPairs(graph).isEmpty)
    }

    // MARK: - Generated histories

    /// A history of `count` commits written with one `git fast-import`: roots now and then,
    /// merges of two to four earlier commits, and dates that are often before a parent's or equal to one.
    private static func randomHistory(_ repo: TestRepo, count: Int, seed: UInt64) throws -> (ids: [ObjectID], dates: [Int]) {
        var random = SeededRandom(seed: seed)
        var stream = ""
        var dates: [Int] = []
        var parents: [[Int]] = []
        for n in 0..<count {
            var chosen: [Int] = []
            if n > 0, Int.random(in: 0..<100, using: &random) >= 4 {
                // Mostly a recent commit, as branches are; sometimes any earlier one.
                let recent = max(0, n - 12)
                chosen.append(Int.random(in: 0..<100, using: &random) < 80 ? Int.random(in: recent..<n, using: &random) : Int.random(in: 0..<n, using: &random))
                let roll = Int.random(in: 0..<100, using: &random)
                let extra = roll < 20 ? 1 : roll < 24 ? Int.random(in: 2...3, using: &random) : 0
                for _ in 0..<extra {
                    let other = Int.random(in: 0..<n, using: &random)
                    if !chosen.contains(other) { chosen.append(other) }
                }
            }
            let roll = Int.random(in: 0..<100, using: &random)
            let newest = chosen.map { dates[$0] }.max() ?? n * 100
            let date: Int
            switch roll {
            case 0..<15: date = max(0, newest - Int.random(in: 1...5000, using: &random))  // before its parent
            case 15..<25: date = chosen.isEmpty ? newest : dates[chosen[Int.random(in: 0..<chosen.count, using: &random)]]  // equal to a parent's
            case 25..<30: date = n * 100 + Int.random(in: 5000...20000, using: &random)  // from the future
            default: date = max(newest, n * 100) + Int.random(in: 0...150, using: &random)
            }
            dates.append(date)
            parents.append(chosen)
            stream += "reset refs/heads/generated\ncommit refs/heads/generated\nmark :\(n + 1)\n"
            stream += "committer Ada Tester <ada@example.com> \(1_700_000_000 + date) +0000\n"
            stream += "data \(String(n).utf8.count + 7)\ncommit \(n)\n"
            if let first = chosen.first { stream += "from :\(first + 1)\n" }
            for other in chosen.dropFirst() { stream += "merge :\(other + 1)\n" }
        }
        let marks = repo.sibling("marks-\(seed)")
        try gitData(["fast-import", "--quiet", "--export-marks=" + marks], in: repo.path, stdin: Data(stream.utf8))
        var ids = [ObjectID?](repeating: nil, count: count)
        for line in try String(contentsOfFile: marks, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let mark = Int(fields[0].dropFirst()), let id = ObjectID(hex: String(fields[1])) else { continue }
            ids[mark - 1] = id
        }
        let all = ids.compactMap { $0 }
        guard all.count == count else { throw TestRepo.Failure("fast-import marked \(all.count) of \(count) commits") }
        // The generator is only useful if it made what it says.
        let merges = parents.filter { $0.count > 1 }.count
        let octopuses = parents.filter { $0.count > 2 }.count
        let skewed = (0..<count).filter { n in parents[n].contains { dates[$0] > dates[n] } }.count
        guard merges > 10, octopuses > 0, skewed > 10 else {
            throw TestRepo.Failure("seed \(seed): \(merges) merges, \(octopuses) octopus merges, \(skewed) skewed commits")
        }
        return (all, dates)
    }

    @Test("generated histories of 200 commits: 20 random ranges each list as git rev-list lists them",
          arguments: [1, 2, 3, 4] as [UInt64])
    func generatedHistories(seed: UInt64) throws {
        let repo = try TestRepo()
        let (ids, _) = try Self.randomHistory(repo, count: 200, seed: seed)
        let repository = try Repository.open(at: repo.path)
        var random = SeededRandom(seed: seed &* 1000)
        var problems: [String] = []
        func any() -> ObjectID { ids[Int.random(in: 0..<ids.count, using: &random)] }
        func recent() -> ObjectID { ids[Int.random(in: (ids.count - 40)..<ids.count, using: &random)] }
        var limited = 0
        for _ in 0..<20 {
            let include = (0..<Int.random(in: 1...2, using: &random)).map { _ in Bool.random(using: &random) ? recent() : any() }
            let exclude = (0..<Int.random(in: 0...3, using: &random)).map { _ in any() }
            let name: ([ObjectID]) -> String = { $0.map { id in "c\(ids.firstIndex(of: id)!)" }.joined(separator: " ") }
            let range = CommitRange(include: include, exclude: exclude)
            problems += try Self.differences(repo, repository, range, label: name)
            // Count the ranges where an exclusion left some but not all of the history out.
            if !exclude.isEmpty {
                let shown = try Self.revList(repo, [], range).count
                if shown > 0, shown < (try Self.revList(repo, [], CommitRange(include: include))).count { limited += 1 }
            }
        }
        #expect(limited >= 4, "only \(limited) of 20 ranges are cut by their exclusions")
        // And whole histories from the newest tips, with nothing excluded.
        for tip in ids.suffix(5) {
            problems += try Self.differences(repo, repository, CommitRange(include: [tip]))
        }
        #expect(problems.isEmpty, "\(problems.count) ranges differ:\n\(problems.prefix(6).joined(separator: "\n"))")
    }

    @Test("an incremental walk stopped early has returned git's first commits, and visited counts them")
    func earlyStop() throws {
        let repo = try TestRepo()
        let (ids, _) = try Self.randomHistory(repo, count: 120, seed: 77)
        let repository = try Repository.open(at: repo.path)
        let tip = ids[ids.count - 1]
        let git = try Self.revList(repo, [], CommitRange(include: [tip]))
        let walk = try repository.walk(CommitRange(include: [tip]), order: .incremental)
        var first: [ObjectID] = []
        for _ in 0..<10 { if let commit = try walk.next() { first.append(commit.id) } }
        #expect(first == Array(git.prefix(10)))
        #expect(walk.visited == first.count)
    }
}
