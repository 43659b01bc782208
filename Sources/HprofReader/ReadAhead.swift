import CSystemShims

/// The record walks over the mapped dump (pass 0's heap walk, the object pass, the edge pass) read each record's
/// header to find the next one, so without help every header waits for the one before it to arrive from memory
/// (perf: half of each walk's time on the load of the tag byte). A prefetch hint `distance` bytes ahead of the
/// cursor lets those misses overlap. A hint never faults and changes no result; one past the mapping is ignored.
enum ReadAhead {
    static let distance = 1024

    @inline(__always)
    static func hint(_ base: UnsafeRawPointer, _ p: Int) { hdx_prefetch(base + (p + distance)) }
}
