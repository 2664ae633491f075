#!/usr/bin/env python3
"""Makes examples/phase2-interim/data: the bundled phase II study as an interim extract at 2008-03-31.

The two-cut example of `readout compare` (docs/compare.md). The extract keeps what the database
held at the interim cut-off: subjects consented by then, records dated on or before it, DM dates
after it cleared, AE end dates after it blank (ongoing then). Three edits stand for the data
cleaning between the two extracts, so that the comparison has something behind the cut to find:

1. one overall response recorded as PR at the interim, corrected to SD later (the first subject,
   in DM order, with a week-12 SD and no earlier response);
2. one unscheduled overall-response record (RSSEQ 900) that was deleted later;
3. one adverse event whose start date was corrected later (the first AE of the tenth subject,
   one day earlier at the interim).

Run from the repository's top folder: scripts/make-interim-cut.py
"""
import csv
import pathlib

CUTOFF = "2008-03-31"
SOURCE = pathlib.Path("examples/phase2/data")
TARGET = pathlib.Path("Sources/ReadoutExamples/examples/phase2-interim/data")
DATES = {"ae": "AESTDTC", "cm": "CMSTDTC", "ds": "DSSTDTC", "ex": "EXSTDTC", "rs": "RSDTC", "tr": "TRDTC",
         "tu": "TUDTC"}


def read(name):
    with open(SOURCE / f"{name}.csv", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(name, header, rows):
    with open(TARGET / f"{name}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def before(date):
    return date != "" and date[:10] <= CUTOFF


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    header, dm = read("dm")
    col = {n: i for i, n in enumerate(header)}
    kept = []
    for r in dm:
        if not before(r[col["RFICDTC"]]):
            continue
        for v in ["RFXENDTC", "RFENDTC", "DTHDTC"]:
            if r[col[v]] and not before(r[col[v]]):
                r[col[v]] = ""
        if not r[col["DTHDTC"]]:
            r[col["DTHFL"]] = ""
        kept.append(r)
    subjects = {r[col["USUBJID"]] for r in kept}
    order = [r[col["USUBJID"]] for r in kept]
    write("dm", header, kept)
    aeseq = set()
    for name, variable in DATES.items():
        header, rows = read(name)
        c = {n: i for i, n in enumerate(header)}
        rows = [r for r in rows if r[c["USUBJID"]] in subjects and before(r[c[variable]])]
        if name == "ae":
            for r in rows:
                if r[c["AEENDTC"]] and not before(r[c["AEENDTC"]]):
                    r[c["AEENDTC"]] = ""
            edited = next(r for r in rows if r[c["USUBJID"]] == order[9])
            y, m, d = map(int, edited[c["AESTDTC"]].split("-"))
            edited[c["AESTDTC"]] = f"{y:04d}-{m:02d}-{d - 1:02d}" if d > 1 else edited[c["AESTDTC"]]
            aeseq = {(r[c["USUBJID"]], r[c["AESEQ"]]) for r in rows}
        if name == "rs":
            overall = [r for r in rows if r[c["RSTESTCD"]] == "OVRLRESP" and r[c["RSEVAL"]] == "INVESTIGATOR"]
            for s in order:
                mine = [r for r in overall if r[c["USUBJID"]] == s]
                if len(mine) >= 2 and mine[0][c["RSSTRESC"]] not in ("CR", "PR") and mine[1][c["VISIT"]] == "WEEK 12" \
                        and mine[1][c["RSSTRESC"]] == "SD":
                    mine[1][c["RSORRES"]] = mine[1][c["RSSTRESC"]] = "PR"
                    break
            extra = list(overall[-1])
            extra[c["RSSEQ"]] = "900"
            extra[c["VISIT"]] = "UNSCHEDULED"
            extra[c["VISITNUM"]] = "999"
            rows.append(extra)
        write(name, header, rows)
    header, rows = read("suppae")
    c = {n: i for i, n in enumerate(header)}
    write("suppae", header, [r for r in rows if (r[c["USUBJID"]], r[c["IDVARVAL"]]) in aeseq])
    header, rows = read("adsl")
    write("adsl", header, [r for r in rows if r[0] in subjects])


if __name__ == "__main__":
    main()
