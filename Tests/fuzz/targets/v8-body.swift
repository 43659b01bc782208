// libFuzzer target "v8-body": see FuzzTarget.v8Body in Pipeline.swift for what the input is.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { fuzzOne(data, size, .v8Body) }
