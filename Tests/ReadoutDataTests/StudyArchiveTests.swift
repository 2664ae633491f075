import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

/// Archives made by Python's zipfile and tarfile (scripts/make-archive-fixtures.py).
@Suite struct StudyArchiveTests {
    static let dm = Array("STUDYID,DOMAIN,USUBJID\nS,DM,S-001\n".utf8)
    static let ae = Array("STUDYID,DOMAIN,USUBJID,AETERM\nS,AE,S-001,Nausea\n".utf8)

    func archive(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: fixture("archives/" + name))!)
    }

    func codes(_ name: String, limits: StudyArchive.Limits = StudyArchive.Limits()) -> [String] {
        do {
            _ = try StudyArchive.read(archive(name), file: name, limits: limits)
            return []
        } catch let e as ReadoutError {
            return e.problems.map(\.code)
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: [
        ("deflated.zip", StudyArchive.Kind.zip), ("stored.zip", .zip), ("study.tar.gz", .tarGzip),
    ])
    func readsTheStudyFiles(name: String, kind: StudyArchive.Kind) throws {
        let c = try StudyArchive.read(archive(name), file: name)
        #expect(c.kind == kind)
        #expect(c.files.map(\.name) == ["ae.csv", "dm.csv"])
        #expect(c.files.map(\.bytes) == [Self.ae, Self.dm])
        if name == "deflated.zip" {
            #expect(c.ignored.map(\.name) == ["cut/README.txt", "__MACOSX/cut/._dm.csv"])
        }
    }

    @Test func readsLongTarNamesFromPaxHeaders() throws {
        let c = try StudyArchive.read(archive("study.tar"), file: "study.tar")
        #expect(c.files.map(\.name) == [String(repeating: "a", count: 120) + ".csv", "dm.csv"])
    }

    @Test func refusesHostileArchivesNamingEveryProblem() {
        #expect(codes("traversal.zip") == ["archive-unsafe-name", "archive-unsafe-name"])
        #expect(codes("link.zip") == ["archive-link"])
        #expect(codes("link.tar") == ["archive-link"])
        #expect(codes("nested.zip") == ["archive-nested", "archive-nested"])
        #expect(codes("duplicate.zip") == ["archive-duplicate"])
        #expect(codes("truncated.zip") == ["archive-malformed"])
        // 20 MiB of zeros in 20 kB: refused as soon as the output passes the limit.
        #expect(codes("bomb.zip", limits: StudyArchive.Limits(maxTotalBytes: 1 << 20)) == ["archive-too-large"])
        #expect(codes("bomb.zip").isEmpty)
        #expect(codes("deflated.zip", limits: StudyArchive.Limits(maxEntries: 2)) == ["archive-too-many-entries"])
    }

    @Test func refusesWhatIsNotAnArchive() {
        let e = #expect(throws: ReadoutError.self) { _ = try StudyArchive.read(Self.dm, file: "dm.csv") }
        #expect(e?.problem.code == "archive-unknown")
    }

    @Test func readsWhatTheZipWriterWrites() throws {
        let bytes = ZipArchive.stored([("dm.csv", Self.dm)])
        #expect(try StudyArchive.read(bytes, file: "x.zip").files.map(\.bytes) == [Self.dm])
    }

    /// Every prefix of a valid archive is refused with a message, never a crash.
    @Test func everyTruncationIsRefusedCleanly() {
        for name in ["deflated.zip", "study.tar.gz"] {
            let whole = archive(name)
            for n in stride(from: 0, to: whole.count - 1, by: 7) {
                #expect(throws: ReadoutError.self) { _ = try StudyArchive.read(Array(whole[0..<n]), file: name) }
            }
        }
    }
}
