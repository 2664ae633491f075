import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

/// What Readout writes, it reads back exactly, in every format.
@Suite(.temporaryFolders) struct WriterRoundTripTests {
    func sample() throws -> Dataset {
        var p = ProblemLog()
        return try DataReader.read(path: fixture("formats-samples/xpt/msg_adam_adsl.xpt"), name: "ADSL", problems: &p)
    }

    @Test func ibmConversionIsExactForDoubles() {
        var rng = SplitMix(seed: 3)
        for _ in 0..<20000 {
            let bits = rng.next()
            var v = Double(bitPattern: bits)
            if !v.isFinite || abs(v) > 1e70 || (abs(v) < 1e-70 && v != 0) {
                v = Double(Int64(bitPattern: bits) % 1_000_000) / 64
            }
            let ibm = DatasetWriter.doubleToIBM(v)
            let back = ibm.withUnsafeBufferPointer { XPTReader.ibmToDouble($0.baseAddress!, 8).0 }
            #expect(back == v, "\(v)")
        }
        #expect(DatasetWriter.doubleToIBM(nil) == [0x2E, 0, 0, 0, 0, 0, 0, 0])
        // 1.0 is 0x41100000 00000000 in IBM hexadecimal floating point.
        #expect(DatasetWriter.doubleToIBM(1) == [0x41, 0x10, 0, 0, 0, 0, 0, 0])
        #expect(DatasetWriter.doubleToIBM(-118.625) == [0xC2, 0x76, 0xA0, 0, 0, 0, 0, 0])
    }

    @Test(arguments: ["xpt", "json", "ndjson", "csv"])
    func roundTrip(format: String) throws {
        let ds = try sample()
        let dir = temporaryFolder("rt")
        func write(_ path: String) throws {
            switch format {
            case "xpt": try DatasetWriter.writeXPT(ds, to: path)
            case "json": try DatasetWriter.writeDatasetJSON(ds, to: path)
            case "ndjson": try DatasetWriter.writeNDJSON(ds, to: path)
            default: try DatasetWriter.writeCSV(ds, to: path)
            }
        }
        let path = dir + "/adsl." + format
        try write(path)
        var p = ProblemLog()
        let back = try DataReader.read(path: path, name: "ADSL", problems: &p)
        #expect(p.problems.isEmpty, "\(p.problems.prefix(3))")
        #expect(back.recordCount == ds.recordCount)
        #expect(back.variables.map(\.name) == ds.variables.map(\.name))
        for c in 0..<ds.variables.count {
            if format != "csv" { #expect(back.variables[c].type.isNumeric == ds.variables[c].type.isNumeric) }
            for r in 0..<ds.recordCount {
                if ds.variables[c].type.isNumeric {
                    #expect(back.double(r, c) == ds.double(r, c), "\(ds.variables[c].name) \(r)")
                } else {
                    #expect(back.string(r, c) == ds.string(r, c))
                }
            }
        }
        // Same input, same bytes.
        let again = dir + "/again." + format
        try write(again)
        #expect(FileManager.default.contentsEqual(atPath: path, andPath: again))
    }
}
