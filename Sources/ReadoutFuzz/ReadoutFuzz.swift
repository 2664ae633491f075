// The fuzz targets (Sources/ReadoutFuzzTargets). Built by scripts/fuzz.sh with
// -sanitize=fuzzer,address and -DFUZZING, it hands the inputs libFuzzer generates to the target
// READOUT_FUZZ_TARGET names (libFuzzer's driver, with its command-line options); built normally,
// it replays files through a target: readout-fuzz TARGET FILE...
import CFuzzerDriver
import Foundation
import ReadoutFuzzTargets

@main struct ReadoutFuzz {
    #if FUZZING
        static func main() {
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
        }
    #else
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            guard let target = arguments.first, FuzzTargets.names.contains(target) else {
                let usage = "usage: readout-fuzz TARGET FILE...; targets: " + FuzzTargets.names.joined(separator: ", ")
                FileHandle.standardError.write(Data((usage + "\n").utf8))
                exit(64)
            }
            for file in arguments.dropFirst() {
                FuzzTargets.run(target, [UInt8](FileManager.default.contents(atPath: file) ?? Data()))
            }
            print("replayed \(arguments.count - 1) inputs through \(target)")
        }
    #endif
}

#if FUZZING
    let fuzzTarget = ProcessInfo.processInfo.environment["READOUT_FUZZ_TARGET"] ?? "csv"

    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        guard let data else { return 0 }
        FuzzTargets.run(fuzzTarget, Array(UnsafeBufferPointer(start: data, count: count)))
        return 0
    }
#endif
