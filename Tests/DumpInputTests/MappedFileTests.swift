import Foundation
import Testing
@testable import DumpInput
#if canImport(Glibc)
import Glibc
#endif

/// Opening: only regular files, without blocking; a mapped file that shrinks ends the process with one line, exit 1.
@Suite struct MappedFileTests {
    @Test func refusesFIFOsDirectoriesAndDevicesWithoutBlocking() {
        let s = Scratch()
        mkfifo(s.path("fifo"), 0o600)
        let cases = [(s.path("fifo"), "a FIFO"), (s.dir, "a directory"), ("/dev/null", "a character device")]
        for (path, kind) in cases {
            do {
                _ = try MappedFile(path: path)
                Issue.record("opened \(path)")
            } catch {
                #expect(error.description == "\(path): expected a regular file, found \(kind)"
                            + (kind == "a FIFO" ? " (named pipe)" : ""))
            }
        }
    }

    /// The child maps a file, the file is truncated, the child touches the lost page: the SIGBUS handler must print
    /// the one line and exit 1 (not die of the signal).
    @Test func aTruncatedMappingEndsWithOneLineAndExit1() throws {
        let s = Scratch()
        let path = s.write("dump", Array(repeating: 0x41, count: 1 << 16))
        let file = try MappedFile(path: path)
        #expect(truncate(path, 0) == 0)
        var pipeFDs: [Int32] = [0, 0]
        #expect(pipe(&pipeFDs) == 0)
        let base = file.base
        let pid = fork()
        if pid == 0 {
            dup2(pipeFDs[1], 2)
            let byte = base.load(fromByteOffset: 4096, as: UInt8.self)   // faults: the page is past the new end
            _exit(byte == 0x41 ? 0 : 3)
        }
        close(pipeFDs[1])
        var message: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, 512) }
            if n <= 0 { break }
            message += chunk[0..<n]
        }
        close(pipeFDs[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let exited = (status & 0x7f) == 0
        #expect(exited, "the child died of signal \(status & 0x7f)")
        #expect((status >> 8) & 0xff == 1)
        #expect(String(decoding: message, as: UTF8.self) == MappingGuard.message(for: path))
        withExtendedLifetime(file) {}
    }

    @Test func registersAndFreesMappingRanges() {
        // The handler claims only addresses inside registered ranges; a freed slot claims nothing.
        MappingGuard.install()
        let s = Scratch()
        let path = s.write("dump", Array(repeating: 0x41, count: 8192))
        let slot = MappingGuard.register(base: UnsafeRawPointer(bitPattern: 0x10000)!, length: 4096, file: path)
        #expect(slot != nil)
        if let slot {
            #expect(MappingGuard.starts[slot] == 0x10000 && MappingGuard.ends[slot] == 0x11000)
            MappingGuard.unregister(slot)
            #expect(MappingGuard.starts[slot] == 0)
        }
    }
}
