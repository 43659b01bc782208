import DumpInput
@testable import DumpStrip
import Foundation
import Testing

@Suite("The output file: 0600, no clobbering, never the input, no symlink following")
struct StripOutputFileTests {
    @Test func createsModeSixHundredAndLeavesNoTemporaryFile() throws {
        let s = Scratch(); defer { s.remove() }
        let f = try Stripper.privateFile(s.path("out"), force: false, inputs: [])
        #expect(write(f.fd, "abc", 3) == 3)
        try f.commit()
        #expect(s.mode("out") == 0o600)
        #expect(s.read("out") == Array("abc".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dir) == ["out"])
    }

    @Test func refusesAnExistingFileUnlessForced() throws {
        let s = Scratch(); defer { s.remove() }
        _ = s.write("out", Array("keep".utf8))
        #expect(throws: StripFailure(.usage, "\(s.path("out")) exists; pass --force to replace it")) {
            _ = try Stripper.privateFile(s.path("out"), force: false, inputs: [])
        }
        let f = try Stripper.privateFile(s.path("out"), force: true, inputs: [])
        #expect(write(f.fd, "new", 3) == 3)
        try f.commit()
        #expect(s.read("out") == Array("new".utf8))
    }

    @Test func neverWritesOntoTheInputEvenWithForce() throws {
        let s = Scratch(); defer { s.remove() }
        let input = s.write("in", Array("dump".utf8))
        #expect(link(input, s.path("hard")) == 0)
        #expect(symlink(input, s.path("soft")) == 0)
        for target in ["in", "hard", "soft"] {
            #expect(throws: StripFailure.self) {
                _ = try Stripper.privateFile(s.path(target), force: true, inputs: [input])
            }
        }
        #expect(s.read("in") == Array("dump".utf8))
    }

    @Test func refusesASymlinkEvenWithForceAndLeavesItsTarget() throws {
        let s = Scratch(); defer { s.remove() }
        let victim = s.write("victim", Array("victim".utf8))
        #expect(symlink(victim, s.path("link")) == 0)
        for force in [false, true] {
            #expect(throws: StripFailure(.usage, "\(s.path("link")) is a symbolic link; hdx does not write through links (remove it or choose another name)")) {
                _ = try Stripper.privateFile(s.path("link"), force: force, inputs: [])
            }
        }
        #expect(s.read("victim") == Array("victim".utf8))
        var st = stat()
        #expect(lstat(s.path("link"), &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
    }

    @Test func abandoningRemovesTheTemporaryFile() throws {
        let s = Scratch(); defer { s.remove() }
        let f = try Stripper.privateFile(s.path("out"), force: false, inputs: [])
        f.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dir).isEmpty)
    }
}
