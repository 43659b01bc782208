import DumpInput

/// The variable part of a CLASS_DUMP: constant pool, static fields (with value offsets) and instance field
/// descriptors. Only called on records whose length pass 0 already checked.
struct ClassDumpBody {
    struct Value { var nameID: UInt64; var type: UInt8; var offset: Int }
    struct Field: Sendable { var nameID: UInt64; var type: UInt8 }

    var constantPool: [Value] = []   // nameID holds the pool index
    var statics: [Value] = []
    var fields: [Field] = []

    init(base: UnsafeRawPointer, offset p: Int, idSize id: Int) {
        var q = p + 1 + id + 4 + 6 * id + 4
        let cp = Int(base.u16be(q))
        q += 2
        for _ in 0..<cp {
            let type = base.u8(q + 2)
            constantPool.append(Value(nameID: UInt64(base.u16be(q)), type: type, offset: q + 3))
            q += 3 + BasicType.size(type, idSize: id)
        }
        let ns = Int(base.u16be(q))
        q += 2
        for _ in 0..<ns {
            let type = base.u8(q + id)
            statics.append(Value(nameID: base.idbe(q, size: id), type: type, offset: q + id + 1))
            q += id + 1 + BasicType.size(type, idSize: id)
        }
        let nf = Int(base.u16be(q))
        q += 2
        for _ in 0..<nf {
            fields.append(Field(nameID: base.idbe(q, size: id), type: base.u8(q + id)))
            q += id + 1
        }
    }
}
