#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// posix_spawn with what Foundation's Process cannot promise: the child leads a new process group
/// (so a timeout can signal the handler and everything it started), has default signal
/// dispositions and an empty mask whatever our threads set, reads /dev/null, and inherits no
/// descriptor but its two output pipes. The one way git-deploy starts a process: handlers,
/// backups, probe commands, `git` for remotes and signing, chained hooks.
struct SpawnedProcess {
    let pid: pid_t
    /// -1 when the output is inherited.
    let stdout: Int32
    let stderr: Int32
    /// The write end of the child's standard input; -1 when it reads /dev/null.
    let stdin: Int32
}

enum ProcessSpawner {
    struct Failure: Error { let reason: String }

    /// How the child is connected to us.
    struct Wiring {
        /// A pipe to the child's standard input (a chained hook reads Git's ref lines); else /dev/null.
        var pipeInput = false
        /// The child writes to our standard output and error (a chained hook talks to the person
        /// pushing); else to two pipes we read.
        var inheritOutput = false
        /// The child leads its own process group, so that a timeout can stop what it started.
        /// A chained hook stays in ours, so that Ctrl-C at the terminal reaches it too.
        var newProcessGroup = true
        /// The child starts a new session (setsid), so that it outlives us and the terminal: a
        /// detached monitoring window, `monitor.run`. Implies its own process group.
        var newSession = false
        /// The child's standard output and error are appended to this file instead of pipes.
        var outputFile: String?

        static let handler = Wiring()

        /// A background process that outlives the command, writing to `log`.
        static func detached(log: String) -> Wiring {
            Wiring(newProcessGroup: false, newSession: true, outputFile: log)
        }
    }

    static func spawn(argv: [String], workingDirectory: String, environment: [String: String],
                      wiring: Wiring = .handler) throws(Failure) -> SpawnedProcess {
        guard let program = argv.first, !program.isEmpty else { throw Failure(reason: "the handler command is empty") }
        if let bad = (argv + environment.keys + environment.values).first(where: { $0.utf8.contains(0) }) {
            throw Failure(reason: "'\(bad.replacingOccurrences(of: "\0", with: "\\0"))' contains a NUL byte, which no process argument can carry")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(reason: "working directory '\(workingDirectory)' does not exist")
        }
        let executable = try resolve(program, workingDirectory: workingDirectory,
                                     searchPath: environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        let none: (read: Int32, write: Int32) = (-1, -1)
        let input = wiring.pipeInput ? try makePipe() : none
        let piped = !wiring.inheritOutput && wiring.outputFile == nil
        let out = piped ? try makePipe() : none, err = piped ? try makePipe() : none
        var closeOnFailure = [input.read, input.write, out.read, out.write, err.read, err.write].filter { $0 >= 0 }
        defer { for descriptor in closeOnFailure { close(descriptor) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if wiring.pipeInput {
            posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let file = wiring.outputFile {
            posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else if piped {
            posix_spawn_file_actions_adddup2(&actions, out.write, 1)
            posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        }
        if let closeFrom = SpawnExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        var arguments = argv, path = executable
        if let addChdir = SpawnExtensions.addChdir {
            _ = addChdir(&actions, workingDirectory)
        } else {
            // No addchdir_np (glibc < 2.29): a fixed sh script changes directory; the directory and
            // the command are its positional parameters, so nothing from them is parsed by the shell.
            arguments = ["/bin/sh", "-c", "cd -- \"$1\" && shift && exec \"$@\"", "sh", workingDirectory, executable] + argv.dropFirst()
            path = "/bin/sh"
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if wiring.newProcessGroup { posix_spawnattr_setpgroup(&attributes, 0) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        // Ignored signals stay ignored across exec; a handler must not inherit our SIGPIPE or
        // SIGINT choices.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let session = wiring.newSession ? ProcessSpawner.setSessionFlag : 0
        posix_spawnattr_setflags(&attributes, Int16((wiring.newProcessGroup ? POSIX_SPAWN_SETPGROUP : 0) | session | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArguments = arguments.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
        guard status == 0 else {
            throw Failure(reason: "cannot start '\(executable)': \(String(cString: strerror(status)))")
        }
        for descriptor in [input.read, out.write, err.write] where descriptor >= 0 { close(descriptor) }
        closeOnFailure = []
        return SpawnedProcess(pid: pid, stdout: out.read, stderr: err.read, stdin: input.write)
    }

    /// POSIX_SPAWN_SETSID (glibc 2.26, macOS 10.15), which Swift's Glibc module does not export
    /// (it is declared under _GNU_SOURCE).
    #if canImport(Darwin)
    static let setSessionFlag: Int32 = 0x400
    #else
    static let setSessionFlag: Int32 = 0x80
    #endif

    /// The executable a program name means: a path with a slash is taken relative to the working
    /// directory (where the handler runs), a bare name is looked up in the handler's PATH.
    static func resolve(_ program: String, workingDirectory: String, searchPath: String) throws(Failure) -> String {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory + "/" + program
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Failure(reason: "handler '\(program)' does not exist" + (program.hasPrefix("/") ? "" : " (looked in \(workingDirectory))"))
            }
            guard !isDirectory.boolValue else { throw Failure(reason: "handler '\(program)' is a directory") }
            guard access(path, X_OK) == 0 else { throw Failure(reason: "handler '\(program)' is not executable; run chmod +x \(program)") }
            return path
        }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(program)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw Failure(reason: "handler '\(program)' was not found in PATH; give its path (e.g. ./\(program)) or install it")
    }

    private static func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw Failure(reason: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        // pipe2 is not visible to Swift; the closefrom file action covers the window for our own
        // children, and close-on-exec covers later ones.
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        return (descriptors[0], descriptors[1])
    }
}

/// glibc's posix_spawn extensions (addchdir_np from 2.29, addclosefrom_np from 2.34) are declared
/// only under _GNU_SOURCE, which Swift's Glibc module does not define; look them up at run time.
private enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(dlopen(nil, RTLD_NOW), name)
    }
}
