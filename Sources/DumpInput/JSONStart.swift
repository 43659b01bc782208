/// Where the first non-blank byte of a text file is (after a UTF-8 byte order mark): readers sniff JSON with it.
public enum JSONStart {
    public static func firstByte(_ head: UnsafeRawBufferPointer) -> Int? {
        var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < head.count, head[i] == 0x20 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x09 { i += 1 }
        return i < head.count ? i : nil
    }
}
