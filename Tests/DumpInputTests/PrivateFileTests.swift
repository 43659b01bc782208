import Foundation
import Testing
@testable import DumpInput
#if canImport(Glibc)
import Glibc
#endif

/// Files hdx writes: new, 0600, never through a link, never over the dump being read, complete or absent.
@Suite struct PrivateFileTests {
    func mode(_ path: String) -> mode_t {
        var st = stat()
        _ = lstat(path, &st)
        return st.st_mode & 0o7777
    }

    @Test func writesANewFileWithMode0600EvenUnderAPermissiveUmask() throws {
        let s = Scratch()
        let old = umask(0)
        defer { umask(old) }
        try PrivateFile.write("hello\n", to: s.path("out.html"))
        #expect(s.read("out.html") == Array("hello\n".utf8))
        #expect(mode(s.path("out.html")) == 0o600)
        #expect(s.listing() == ["out.html"])
    }

    @Test func refusesASymlinkAndLeavesItsTargetAlone() throws {
        let s = Scratch()
        let target = s.write("victim", Array("precious".utf8))
        chmod(target, 0o644)
        symlink(target, s.path("link.html"))
        #expect(throws: DumpError.self) { try PrivateFile.write("x", to: s.path("link.html")) }
        #expect(s.read("victim") == Array("precious".utf8))
        #expect(mode(target) == 0o644)
        // A dangling link is refused too (O_CREAT would otherwise create its target).
        symlink(s.path("nowhere"), s.path("dangling"))
        #expect(throws: DumpError.self) { try PrivateFile.write("x", to: s.path("dangling")) }
        #expect(!FileManager.default.fileExists(atPath: s.path("nowhere")))
        #expect(s.listing() == ["dangling", "link.html", "victim"])
    }

    @Test func refusesTheInputThroughASymlinkOrAHardLink() throws {
        let s = Scratch()
        let dump = s.write("d.hprof", Array("JAVA PROFILE 1.0.2".utf8))
        link(dump, s.path("hard"))
        for target in [dump, s.path("hard")] {
            do {
                try PrivateFile.write("x", to: target, inputs: [s.path("via-link")] + [dump])
                Issue.record("wrote over the input \(target)")
            } catch {
                #expect(error.description.contains("is the dump being read"))
            }
        }
        symlink(dump, s.path("via-link"))
        #expect(throws: DumpError.self) { try PrivateFile.write("x", to: dump, inputs: [s.path("via-link")]) }
        #expect(s.read("d.hprof") == Array("JAVA PROFILE 1.0.2".utf8))
    }

    @Test func replacesAnExistingFileByRenameSoItsOtherLinksKeepTheOldBytes() throws {
        let s = Scratch()
        s.write("report.html", Array("old".utf8))
        link(s.path("report.html"), s.path("other-name"))
        try PrivateFile.write("new", to: s.path("report.html"))
        #expect(s.read("report.html") == Array("new".utf8))
        #expect(s.read("other-name") == Array("old".utf8))
    }

    @Test func refusesDirectoriesAndDevices() {
        let s = Scratch()
        mkdir(s.path("dir"), 0o700)
        #expect(throws: DumpError.self) { try PrivateFile.write("x", to: s.path("dir")) }
        #expect(throws: DumpError.self) { try PrivateFile.write("x", to: "/dev/null") }
        mkfifo(s.path("fifo"), 0o600)
        #expect(throws: DumpError.self) { try PrivateFile.write("x", to: s.path("fifo")) }
    }

    @Test func anErrorInTheBodyLeavesNoFileAndNoTemporary() {
        let s = Scratch()
        s.write("keep", Array("old".utf8))
        #expect(throws: DumpError.self) {
            try PrivateFile.create(s.path("keep")) { (out: PrivateFileWriter) throws(DumpError) in
                try out.write(Array(repeating: 0x41, count: 1 << 17))
                throw DumpError(file: "x", "simulated failure")
            }
        }
        #expect(s.listing() == ["keep"])
        #expect(s.read("keep") == Array("old".utf8))
    }

    /// SIGTERM while the temporary file is being written removes it, then goes on to the earlier disposition (here:
    /// ignored, so the process survives and the write fails at the rename). In a child process: the signal
    /// dispositions are the whole process's, and in this one other tests write private files in parallel (their
    /// handlers and the disposition this test sets would overwrite each other, and the signal would remove their
    /// temporary files too). The child has one thread, so the handler runs before `kill` returns.
    @Test func aSignalDuringTheWriteRemovesTheTemporaryFile() {
        let s = Scratch()
        let pid = fork()
        if pid == 0 {
            alarm(30)   // a hang ends the child (and fails the test) instead of the run
            signal(SIGTERM, SIG_IGN)
            var set = sigset_t()   // the test thread may block it (the parent's other threads took it)
            sigemptyset(&set)
            sigaddset(&set, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            // The parent's other writers have no thread here: their pending names are not this process's.
            PendingFiles.active.withLock { $0 = 0 }
            var sawTemporary = false, threw = false
            do {
                try PrivateFile.create(s.path("out.csv")) { (out: PrivateFileWriter) throws(DumpError) in
                    try out.write("a,b\n")
                    sawTemporary = s.listing().contains { $0.hasPrefix(".out.csv.hdx-") }
                    kill(getpid(), SIGTERM)
                }
            } catch {
                threw = true
            }
            let empty = s.listing().isEmpty
            _exit((sawTemporary ? 0 : 1) | (threw ? 0 : 2) | (empty ? 0 : 4))
        }
        #expect(pid > 0)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited (not killed by a signal) with 0: the temporary was seen, the write failed, nothing was left.
        #expect(status & 0x7f == 0, "child ended by signal \(status & 0x7f)")
        #expect((status >> 8) & 0xff == 0, "child flags \((status >> 8) & 0xff): 1 no temporary, 2 no error, 4 left")
    }
}
