// libFuzzer target "hprof": see FuzzTarget.hprof in Pipeline.swift for what the input is.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { fuzzOne(data, size, .hprof) }
