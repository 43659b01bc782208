// The libFuzzer side of every target: the input becomes a file in memory (/dev/shm) that the reader maps.
import DumpInput
import DumpKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file per process, rewritten for each input: the readers map files.
let scratchPath: String = {
    let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
    return "\(dir)/hdx-fuzz-\(getpid())"
}()

/// HDX_FUZZ_VERBOSE=1 prints what each input gave (to check that seeds load).
let verbose = ProcessInfo.processInfo.environment["HDX_FUZZ_VERBOSE"] != nil

func writeScratch(_ bytes: [UInt8]) -> Bool {
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return false }
        done += n
    }
    return true
}

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int, _ target: FuzzTarget) -> CInt {
    let file = target.file(from: UnsafeRawBufferPointer(start: data, count: size))
    guard !file.isEmpty, writeScratch(file) else { return 0 }
    do throws(DumpError) {
        let dump = try target.run(path: scratchPath)
        precondition(dump.index.reachableBytes <= dump.index.shallowBytes || dump.format == .hana,
                     "reachable bytes exceed all bytes")
        if verbose { print("loaded: \(dump.index.objectCount) objects, warnings: \(dump.index.info.warnings)") }
    } catch {
        // The message may quote dump bytes (even a newline): hdx escapes it when it prints it (one line on stderr).
        if verbose { print("DumpError: \(error)") }
    }
    return 0
}
