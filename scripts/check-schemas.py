#!/usr/bin/env python3
"""Validates every --format json output of readout against docs/schema/ with Python's jsonschema.

An independent check of the same outputs ContractSchemaTests validates with the Swift validator in
Tests/ReadoutTestSupport: the schemas are first checked against the JSON Schema 2020-12
meta-schema, then every command of Tests/Fixtures/contract/commands.txt is run and its output
validated, then the JSON files `readout report` writes. Usage:

    scripts/check-schemas.py path/to/readout   # exits 1 on any invalid schema or output
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_schemas():
    schemas = {}
    for path in sorted((ROOT / "docs" / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[schema["$id"]] = schema
    return schemas


def validator(schemas, name):
    schema = schemas[f"urn:readout:schema:{name}:1"]
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    try:  # jsonschema >= 4.18 resolves references through a registry
        from referencing import Registry, Resource

        registry = Registry().with_resources((i, Resource.from_contents(s)) for i, s in schemas.items())
        return jsonschema.Draft202012Validator(schema, registry=registry, format_checker=checker)
    except ImportError:  # Debian bookworm's 4.10
        resolver = jsonschema.RefResolver(schema["$id"], schema, store=schemas)
        return jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=checker)


def main():
    readout = sys.argv[1]
    schemas = load_schemas()
    failures = 0
    checked = 0

    def check(text, name, what):
        nonlocal failures, checked
        document = json.loads(text)
        errors = sorted(validator(schemas, name).iter_errors(document), key=lambda e: list(e.path))
        checked += 1
        for e in errors[:10]:
            failures += 1
            print(f"{what}: /{'/'.join(map(str, e.path))}: {e.message[:200]}")

    for line in (ROOT / "Tests" / "Fixtures" / "contract" / "commands.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, *args = line.replace("{root}", str(ROOT)).split()
        run = subprocess.run([readout, *args], capture_output=True, text=True, cwd=ROOT)
        check(run.stdout, name, " ".join(args))
    for spec in ["examples/phase2/readout.yaml", "examples/irecist/readout.yaml"]:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([readout, "report", spec, "--out", out], check=True, capture_output=True, cwd=ROOT)
            for file, name in [("readout.json", "readout"), ("ard.json", "ard"),
                               ("reporting-event.json", "reporting-event")]:
                check(pathlib.Path(out, file).read_text(), name, spec + ": " + file)
    print(f"{len(schemas)} schemas valid; {checked} documents checked; {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
