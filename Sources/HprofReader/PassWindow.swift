import DumpInput

/// The part of the mapped file a sequential pass has left behind: its pages leave the resident set a window at a
/// time (the page cache keeps them for the next pass), rather than an `madvise` per 256 KiB slice, each of which
/// flushes the TLB of every core running hdx. (Mapping the window ahead with MADV_POPULATE_READ was measured too:
/// it doubled the system time of the scan, the kernel's fault-around maps 16 pages per fault more cheaply.)
struct PassWindow {
    static let bytes = 16 << 20
    let file: MappedFile
    private var releasedTo: Int

    init(file: MappedFile, from start: Int) {
        self.file = file
        releasedTo = start
    }

    /// Called as the pass reaches `pos`: releases what lies a window behind.
    @inline(__always)
    mutating func advance(to pos: Int) {
        if pos - releasedTo >= PassWindow.bytes {
            file.release(releasedTo..<pos)
            releasedTo = pos
        }
    }

    /// Releases everything up to `pos` (the end of the pass or of the worker's part).
    mutating func finish(at pos: Int) {
        if pos > releasedTo { file.release(releasedTo..<pos) }
        releasedTo = pos
    }
}
