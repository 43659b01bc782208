// libFuzzer target "v8-header": see FuzzTarget.v8Header in Pipeline.swift for what the input is.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { fuzzOne(data, size, .v8Header) }
