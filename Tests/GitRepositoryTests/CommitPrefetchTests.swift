import Foundation
import Testing
@testable import GitRepository

/// A walk whose commits a second thread reads ahead (`CommitWalk.prefetchChangedPaths`) yields
/// the same commits and the same listings as a walk without one, wherever the two threads meet.
@Suite("Commits read ahead on a second thread")
struct CommitPrefetchTests {
    /// Merges, a deleted file, deep new directories; `HEAD~25..HEAD` is about 30 commits.
    private func history() throws -> TestRepo {
        let repo = try TestRepo()
        for n in 1...40 {
            var files = ["services/s\(n % 3)/f\(n % 5).txt": "\(n)", "db/\(String(format: "%03d", n)).sql": "\(n)"]
            if n % 7 == 0 { files["deep/a\(n)/b/c"] = "\(n)" }
            try repo.commit(files: files, deleting: n == 30 ? ["db/003.sql"] : [], message: "main \(n)\n\nbody \(n)")
            if n % 10 == 0 {
                try repo.git("checkout", "-q", "-b", "side\(n)", "HEAD~2")
                try repo.commit(files: ["side/\(n).txt": "s"], message: "side \(n)")
                try repo.git("checkout", "-q", "main")
                try repo.git("merge", "-q", "--no-ff", "-m", "merge side \(n)", "side\(n)")
            }
        }
        return repo
    }

    /// Every commit and its listing, as `(commit, paths in diff order)`.
    private func read(_ walk: CommitWalk, stoppingAfter stop: Int? = nil,
                      limits: DiffLimits = .standard) throws -> [(CommitInfo, [String], PathListing)] {
        var items: [(CommitInfo, [String], PathListing)] = []
        while let commit = try walk.next() {
            var paths: [String] = []
            let outcome = try walk.changedPaths(of: commit, limits: limits) { path in
                paths.append(path)
                return stop.map { paths.count < $0 } ?? true
            }
            items.append((commit, paths, outcome))
        }
        return items
    }

    @Test("commits and listings equal a single-threaded walk's, in the same order", arguments: [1, 5, 29, 100])
    func sameAsWithoutPrefetch(count: Int) throws {
        let repo = try history()
        let range = CommitRange.between(try repo.rev("HEAD~25"), try repo.rev("HEAD"))
        let alone = try read(Repository.open(at: repo.path).walk(range, order: .incremental))
        let walk = try Repository.open(at: repo.path).walk(range, order: .incremental)
        try walk.prefetchChangedPaths(count: count, limits: .standard, minimum: 1, cores: 2)
        #expect(walk.isPrefetching)
        let prefetched = try read(walk)
        #expect(prefetched.map(\.0) == alone.map(\.0))
        #expect(prefetched.map(\.1) == alone.map(\.1))
        #expect(prefetched.map(\.2) == alone.map(\.2))
        #expect(alone.count > 20)
    }

    @Test("a caller that stops a listing, or reads with other limits, sees what it would see without a second thread")
    func stoppedAndOtherLimits() throws {
        let repo = try history()
        let range = CommitRange.between(try repo.rev("HEAD~25"), try repo.rev("HEAD"))
        let alone = try read(Repository.open(at: repo.path).walk(range, order: .incremental), stoppingAfter: 1)
        let walk = try Repository.open(at: repo.path).walk(range, order: .incremental)
        try walk.prefetchChangedPaths(count: 100, limits: .standard, minimum: 1, cores: 2)
        let prefetched = try read(walk, stoppingAfter: 1)
        #expect(prefetched.map(\.1) == alone.map(\.1))
        #expect(prefetched.map(\.2) == alone.map(\.2))

        // Listings read ahead within other limits than the caller's are not used.
        let tight = DiffLimits(changedEntries: 1, depth: 100)
        let tightAlone = try read(Repository.open(at: repo.path).walk(range, order: .incremental), limits: tight)
        #expect(tightAlone.contains { $0.2 == .truncated("more than 1 changed entries") })
        for (prefetchLimits, readLimits, expected) in [(tight, tight, tightAlone), (tight, DiffLimits.standard, try read(
            Repository.open(at: repo.path).walk(range, order: .incremental)))] {
            let other = try Repository.open(at: repo.path).walk(range, order: .incremental)
            try other.prefetchChangedPaths(count: 100, limits: prefetchLimits, minimum: 1, cores: 2)
            let items = try read(other, limits: readLimits)
            #expect(items.map(\.1) == expected.map(\.1))
            #expect(items.map(\.2) == expected.map(\.2))
        }
    }

    @Test("no second thread on one core, for a short range, or when nothing is excluded")
    func notStarted() throws {
        let repo = try history()
        let head = try repo.rev("HEAD")
        let expected = try read(Repository.open(at: repo.path).walk(.between(nil, head), order: .incremental))
        for (range, cores, minimum) in [(CommitRange.between(nil, head), 2, 1),
                                        (.between(try repo.rev("HEAD~25"), head), 1, 1),
                                        (.between(try repo.rev("HEAD~25"), head), 2, 1_000)] {
            let walk = try Repository.open(at: repo.path).walk(range, order: .incremental)
            try walk.prefetchChangedPaths(count: 100, limits: .standard, minimum: minimum, cores: cores)
            #expect(!walk.isPrefetching)
            let items = try read(walk)
            #expect(items.map(\.0) == Array(expected.map(\.0).prefix(items.count)))
        }
    }
}
