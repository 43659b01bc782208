extension ClassModel {
    /// Flattened layouts. An instance holds its own class's fields first, then its superclass's, and so on: the
    /// layout of a class is its own fields followed by its superclass's layout shifted by the own fields' bytes.
    /// Each class is computed once, superclasses first (an explicit stack, no recursion), so a hierarchy
    /// 50,000 levels deep costs 50,000 steps, not 50,000² / 2. A cycle in a damaged dump ends the chain there.
    struct FlatLayout {
        /// Per CLASS_DUMP, its own fields: bytes of field data, bytes of primitives, number of references.
        var ownBytes: [Int]
        var ownPrimitives: [Int]
        var ownReferences: [Int]
        /// Superclass links with cycles cut, and the classes in an order that puts superclasses first.
        var chainSuper: [Int32]
        var order: [Int] = []
        /// Over the whole class chain (see the `ClassModel` fields of the same meaning).
        var dataSize: [Int32]
        var primitiveBytes: [Int]
        var referenceCount: [Int]
        var weakOffset: [Int32]
        var walkNext: [Int32]
        var refStart: [Int32] = [0]
        var refOffsets: [Int32] = []

        /// `reference`: the class index of java.lang.ref.Reference and the name id of its `referent` field.
        init(own: [[ClassDumpBody.Field]], superIndex: [Int32], idSize id: Int, reference: (index: Int, referent: UInt64?)?) {
            let count = own.count
            ownBytes = [Int](repeating: 0, count: count)
            ownPrimitives = [Int](repeating: 0, count: count)
            ownReferences = [Int](repeating: 0, count: count)
            for k in 0..<count {
                for f in own[k] {
                    if f.type == BasicType.object { ownReferences[k] += 1 } else { ownPrimitives[k] += BasicType.size(f.type, idSize: id) }
                    ownBytes[k] += BasicType.size(f.type, idSize: id)
                }
            }
            chainSuper = superIndex
            dataSize = [Int32](repeating: 0, count: count)
            primitiveBytes = [Int](repeating: 0, count: count)
            weakOffset = [Int32](repeating: -1, count: count)
            referenceCount = [Int](repeating: 0, count: count)
            walkNext = [Int32](repeating: -1, count: count)
            orderSuperclassesFirst()
            sumChains(own, idSize: id, reference: reference)
            placeReferences(own, idSize: id)
        }

        private mutating func orderSuperclassesFirst() {
            order.reserveCapacity(chainSuper.count)
            var state = [UInt8](repeating: 0, count: chainSuper.count)  // 0 new, 1 on the stack, 2 ordered
            var stack: [Int] = []
            for k in 0..<chainSuper.count where state[k] == 0 {
                var c = k
                while c >= 0 && state[c] == 0 {
                    state[c] = 1
                    stack.append(c)
                    let s = Int(chainSuper[c])
                    if s >= 0 && state[s] == 1 { chainSuper[c] = -1; break }
                    c = s
                }
                while let c = stack.popLast() {
                    state[c] = 2
                    order.append(c)
                }
            }
        }

        /// Data size, primitive bytes, reference count and the `referent` offset of each class's whole chain.
        private mutating func sumChains(_ own: [[ClassDumpBody.Field]], idSize id: Int,
                                        reference: (index: Int, referent: UInt64?)?) {
            for k in order {
                let s = Int(chainSuper[k])
                let superData = s >= 0 ? Int(dataSize[s]) : 0
                dataSize[k] = Int32(clamping: ownBytes[k] + superData)
                primitiveBytes[k] = ownPrimitives[k] + (s >= 0 ? primitiveBytes[s] : 0)
                referenceCount[k] = ownReferences[k] + (s >= 0 ? referenceCount[s] : 0)
                if k == reference?.index {
                    var offset = 0
                    for f in own[k] {
                        if f.type == BasicType.object && f.nameID == reference?.referent { weakOffset[k] = Int32(offset) }
                        offset += BasicType.size(f.type, idSize: id)
                    }
                } else if s >= 0 && weakOffset[s] >= 0 {
                    weakOffset[k] = Int32(clamping: Int(weakOffset[s]) + ownBytes[k])
                }
            }
        }

        /// The CSR of reference offsets. A class whose chain holds more than `flatLimit` references (only a hostile
        /// hierarchy: thousands of levels each declaring a reference) keeps only its own references; decoding walks
        /// up `walkNext` to the first class that is flattened. Flattening them all would take depth² / 2 entries
        /// (5 GB for 50,000 levels). The walk skips field-less levels and ends where the instance's data ends, so it
        /// is bounded by the data.
        private mutating func placeReferences(_ own: [[ClassDumpBody.Field]], idSize id: Int) {
            let count = own.count
            var flat = [Bool](repeating: true, count: count)
            var firstStop = [Int32](repeating: -1, count: count)
            for k in order {
                let s = Int(chainSuper[k])
                flat[k] = referenceCount[k] <= ClassModel.flatLimit
                firstStop[k] = flat[k] || ownBytes[k] > 0 ? Int32(k) : (s >= 0 ? firstStop[s] : -1)
                if !flat[k] && s >= 0 { walkNext[k] = firstStop[s] }
            }
            var rs: [Int32] = [0]
            rs.reserveCapacity(count + 1)
            for k in 0..<count { rs.append(Int32(clamping: Int(rs[k]) + (flat[k] ? referenceCount[k] : ownReferences[k]))) }
            var ro = [Int32](repeating: 0, count: Int(rs[count]))
            for k in order {
                var at = Int(rs[k])
                let stop = Int(rs[k + 1])
                var offset = 0
                for f in own[k] {
                    if f.type == BasicType.object && at < stop {
                        ro[at] = Int32(clamping: offset)
                        at += 1
                    }
                    offset += BasicType.size(f.type, idSize: id)
                }
                let s = Int(chainSuper[k])
                if s >= 0 && flat[k] {
                    for r in Int(rs[s])..<Int(rs[s + 1]) where at < stop {
                        ro[at] = Int32(clamping: Int(ro[r]) + ownBytes[k])
                        at += 1
                    }
                }
            }
            refStart = rs
            refOffsets = ro
        }
    }
}
