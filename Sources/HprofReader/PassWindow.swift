import DumpInput

/// The part of the mapped file a sequential pass is in: the pages of the next window are mapped in one call ahead of
/// the pass, and those behind it leave the resident set a window at a time, rather than a page fault per few pages
/// and an `madvise` per 256 KiB slice (each of which flushes the TLB of every core running hdx).
struct PassWindow {
    static let bytes = 16 << 20
    let file: MappedFile
    private var releasedTo: Int
    private var populatedTo: Int

    init(file: MappedFile, from start: Int) {
        self.file = file
        releasedTo = start
        populatedTo = start
    }

    /// Called as the pass reaches `pos`: keeps a window ahead mapped and releases what lies a window behind.
    mutating func advance(to pos: Int, limit: Int) {
        if pos + PassWindow.bytes / 2 >= populatedTo && populatedTo < limit {
            let to = min(max(pos, populatedTo) + PassWindow.bytes, limit)
            file.populate(max(pos, populatedTo)..<to)
            populatedTo = to
        }
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
