import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The DOCX tables read back: a valid package, the table's cells in order, the submission layout;
/// converted to PDF where LibreOffice is installed.
@Suite(.temporaryFolders) struct DOCXTests {
    /// The text of every cell of every table row of a WordprocessingML body, row by row.
    final class CellReader: NSObject, XMLParserDelegate {
        var rows: [[String]] = []
        var paragraphs: [String] = []
        var text = ""
        var inTable = 0
        var attributes: [String: [String: String]] = [:]

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            self.attributes[name] = attributes
            switch name {
            case "w:tbl": inTable += 1
            case "w:tr": rows.append([])
            case "w:tc", "w:p": text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
        ) {
            switch name {
            case "w:tbl": inTable -= 1
            case "w:tc": rows[rows.count - 1].append(text)
            case "w:p": if inTable == 0 { paragraphs.append(text) }
            default: break
            }
        }
    }

    static func read(_ bytes: [UInt8]) throws -> (CellReader, [String]) {
        let entries = try ZipArchive.entries(of: bytes, file: "table.docx")
        let names = entries.map(\.name)
        let document = entries.first { $0.name == "word/document.xml" }!.bytes
        let reader = CellReader()
        let parser = XMLParser(data: Data(document))
        parser.delegate = reader
        #expect(parser.parse(), "word/document.xml is well-formed XML")
        return (reader, names)
    }

    @Test func tablesReadBackCellForCell() throws {
        let out = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        let tables = SubmissionTables.all(out.result)
        #expect(tables.map(\.name) == ["response", "baseline", "exposure"])
        for t in tables {
            let bytes = DOCXWriter.document(t)
            #expect(bytes == DOCXWriter.document(t), "deterministic")
            let (doc, names) = try Self.read(bytes)
            #expect(names == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
            #expect(doc.rows == [t.header] + t.rows, "\(t.name)")
            #expect(Array(doc.paragraphs.prefix(2)) == [t.title, t.population])
            #expect(doc.paragraphs.suffix(t.footnotes.count) == ArraySlice(t.footnotes))
            #expect(doc.attributes["w:pgSz"]?["w:orient"] == "landscape")
        }
        // The same cells as the RTF: the response table's first data row.
        let rtf = RTFWriter.document(tables[0])
        #expect(rtf.contains(RTFWriter.escape(tables[0].rows[0][1])))
    }

    @Test func brokenArchivesAreRefusedWithAReason() throws {
        var bytes = ZipArchive.stored([("a.xml", Array("<a/>".utf8))])
        #expect(try ZipArchive.entries(of: bytes, file: "x").map(\.name) == ["a.xml"])
        bytes[40] ^= 0xFF  // a byte of the content
        #expect(throws: ReadoutError.self) { try ZipArchive.entries(of: bytes, file: "x") }
        #expect(throws: ReadoutError.self) { try ZipArchive.entries(of: [0, 1, 2], file: "x") }
    }

    /// Where LibreOffice is installed, every DOCX of the report converts to a PDF.
    @Test func libreOfficeConvertsTheTablesToPDF() throws {
        let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        // CI installs LibreOffice and sets READOUT_REQUIRE_LIBREOFFICE=1, so there the check cannot be skipped.
        let required = ProcessInfo.processInfo.environment["READOUT_REQUIRE_LIBREOFFICE"] == "1"
        #expect(soffice != nil || !required, "LibreOffice (soffice) is required and not installed")
        guard let soffice else { return }
        let dir = temporaryFolder("docx")
        let out = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        let t = SubmissionTables.response(out.result)
        try Data(DOCXWriter.document(t)).write(to: URL(fileURLWithPath: dir + "/response.docx"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = [
            "-env:UserInstallation=file://\(dir)/profile", "--headless", "--convert-to", "pdf", "--outdir", dir,
            dir + "/response.docx",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir + "/response.pdf"))
        #expect(p.terminationStatus == 0 && pdf.starts(with: Array("%PDF".utf8)) && pdf.count > 2000)
    }
}
