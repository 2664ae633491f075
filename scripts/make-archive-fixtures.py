#!/usr/bin/env python3
"""Makes the archives in Tests/Fixtures/archives that StudyArchiveTests read.

Each archive holds two small domain files (dm.csv, ae.csv, with the bytes below) or is hostile
in one way. Python's zipfile and tarfile write them, so that the tests read archives made by
another implementation than Readout's own. Run from the repository root:
    python3 scripts/make-archive-fixtures.py
"""
import io
import os
import tarfile
import time
import zipfile

OUT = "Tests/Fixtures/archives"
DM = b"STUDYID,DOMAIN,USUBJID\nS,DM,S-001\n"
AE = b"STUDYID,DOMAIN,USUBJID,AETERM\nS,AE,S-001,Nausea\n"
STAMP = (2020, 1, 1, 0, 0, 0)


def zip_file(name, entries, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", method) as z:
        for entry in entries:
            path, data = entry[0], entry[1]
            info = zipfile.ZipInfo(path, STAMP)
            info.compress_type = method
            if len(entry) > 2:
                info.external_attr = entry[2] << 16
            z.writestr(info, data)


def tar_file(name, entries, mode="w"):
    with tarfile.open(os.path.join(OUT, name), mode, format=tarfile.PAX_FORMAT) as t:
        for path, data, kind in entries:
            info = tarfile.TarInfo(path)
            info.mtime = 1577836800
            info.type = kind
            if kind == tarfile.SYMTYPE:
                info.linkname = "dm.csv"
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))


os.makedirs(OUT, exist_ok=True)
zip_file("deflated.zip", [("cut/dm.csv", DM), ("cut/ae.csv", AE), ("cut/README.txt", b"notes"),
                          ("__MACOSX/cut/._dm.csv", b"x")])
zip_file("stored.zip", [("dm.csv", DM), ("ae.csv", AE)], zipfile.ZIP_STORED)
zip_file("traversal.zip", [("../dm.csv", DM), ("/etc/ae.csv", AE)])
zip_file("link.zip", [("dm.csv", DM), ("ae.csv", b"dm.csv", 0o120777)])
zip_file("nested.zip", [("a/dm.csv", DM), ("b/c/ae.csv", AE)])
zip_file("bomb.zip", [("dm.csv", b"\0" * (20 << 20))])
zip_file("duplicate.zip", [("a/dm.csv", DM), ("a/DM.csv", DM)])
tar_file("study.tar", [("cut/dm.csv", DM, tarfile.REGTYPE), ("cut/" + "a" * 120 + ".csv", AE, tarfile.REGTYPE)])
tar_file("study.tar.gz", [("dm.csv", DM, tarfile.REGTYPE), ("ae.csv", AE, tarfile.REGTYPE)], "w:gz")
tar_file("link.tar", [("dm.csv", DM, tarfile.REGTYPE), ("ae.csv", b"", tarfile.SYMTYPE)])
with open(os.path.join(OUT, "truncated.zip"), "wb") as f:
    whole = open(os.path.join(OUT, "deflated.zip"), "rb").read()
    f.write(whole[:40] + whole[-22:])
