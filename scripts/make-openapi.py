#!/usr/bin/env python3
"""Writes the server's OpenAPI 3.1 document: docs/openapi.json, and the same text embedded in
Sources/ReadoutServer/OpenAPIDocument+Text.swift (served at /openapi.json).

The routes are written here, by hand; every schema is the results contract's (docs/schema),
embedded under components.schemas with its references made local. ServerTests fails when a
route of the server is missing here or a route here is missing from the server, and when the
embedded schemas differ from docs/schema. Run from the repository root after changing either:
    python3 scripts/make-openapi.py
"""
import json
import os

SCHEMAS = "docs/schema"


def local(node):
    """The schema with its urn: references made references into components.schemas."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("$schema", "$id"):
                continue
            if k == "$ref" and isinstance(v, str) and v.startswith("urn:readout:schema:"):
                name, _, rest = v[len("urn:readout:schema:"):].partition("#")
                v = "#/components/schemas/" + name.rsplit(":", 1)[0] + rest
            out[k] = local(v)
        return out
    if isinstance(node, list):
        return [local(x) for x in node]
    return node


def schema(name):
    return {"$ref": "#/components/schemas/" + name}


def json_body(name, description):
    return {"description": description, "content": {"application/json": {"schema": schema(name)}}}


ERRORS = {
    "4XX": json_body("error", "The request cannot be done: the error document names each problem, where it is "
                     "and what was expected."),
    "5XX": json_body("error", "The server could not complete the request (nothing internal is shown)."),
}


def op(op_id, summary, responses, parameters=(), body=None, description=None):
    o = {"operationId": op_id, "summary": summary, "parameters": list(parameters),
         "responses": {**responses, **ERRORS}}
    if description:
        o["description"] = description
    if body:
        o["requestBody"] = body
    return o


def path_id(name, what):
    return {"name": name, "in": "path", "required": True, "description": "The " + what + "'s id.",
            "schema": {"type": "integer", "minimum": 1}}


def query(name, description, required=False, schema_=None):
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema_ or {"type": "string"}}


STUDY = {"name": "study", "in": "path", "required": True, "description": "The study's name.",
         "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"}}
REST = {"name": "path", "in": "path", "required": True,
        "description": "The output file's name, slashes included (figures/forest.svg).",
        "schema": {"type": "string"}}
CUTOFF = query("cutoff", "The data cut-off (YYYY-MM-DD).", True, {"type": "string", "format": "date"})
LABEL = query("label", "A name for the cut (default: cut of the cut-off date).", False, {"type": "string", "minLength": 1})
FILE_NAME = {"type": "string", "pattern": "^[^./][^/]{0,126}\\.(yaml|yml|json)$"}
FILE = {"description": "The file's bytes.", "content": {"*/*": {"schema": {}}}}

paths = {
    "/openapi.json": {"get": op("getOpenAPI", "This document.", {"200": {
        "description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}})},
    "/api/v1/health": {"get": op("getHealth", "Whether the server is up.", {"200": json_body("health", "Up.")})},
    "/api/v1/studies": {"get": op("listStudies", "The studies, with their number of cuts.",
                                  {"200": json_body("studies", "The studies, by name.")})},
    "/api/v1/studies/{study}/cuts": {
        "get": op("listCuts", "A study's cuts, in the order they were stored.",
                  {"200": json_body("cuts", "The cuts.")}, [STUDY]),
        "post": op("uploadCut", "Store a data cut uploaded as a zip, tar or tar.gz archive of domain files.",
                   {"201": json_body("cut", "The stored cut with its validation counts (the same files at the same "
                                     "cut-off are stored once).")},
                   [STUDY, CUTOFF, LABEL, query("name", "The archive's file name, for messages.", False,
                                                {"type": "string", "minLength": 1})],
                   {"required": True, "description": "The archive.", "content": {
                       "application/zip": {"schema": {}}, "application/x-tar": {"schema": {}},
                       "application/gzip": {"schema": {}}, "application/octet-stream": {"schema": {}}}}),
    },
    "/api/v1/studies/{study}/cuts/register": {"post": op(
        "registerCut", "Store a study folder on the server's disk as a cut (only under a --register-root).",
        {"201": json_body("cut", "The stored cut.")},
        [STUDY, CUTOFF, LABEL, query("folder", "The folder on the server.", True)])},
    "/api/v1/cuts/{cut}": {"get": op("getCut", "A stored cut: its files and their SHA-256.",
                                     {"200": json_body("cut", "The cut.")}, [path_id("cut", "cut")])},
    "/api/v1/cuts/{cut}/validation": {"get": op(
        "getCutValidation", "The validation of the cut, made when it was stored.",
        {"200": json_body("validate", "The validate document.")}, [path_id("cut", "cut")])},
    "/api/v1/cuts/{cut}/runs": {
        "get": op("listRuns", "The analysis runs of a cut.", {"200": json_body("runs", "The runs.")},
                  [path_id("cut", "cut")]),
        "post": op("startRun", "Queue a readout of an analysis spec (the request body, YAML) on the cut.",
                   {"202": {**json_body("job", "The queued job; poll its Location."),
                            "headers": {"Location": {"description": "The job.", "schema": {"type": "string"}}}}},
                   [path_id("cut", "cut"), query("spec", "The spec's file name (default readout.yaml).", False, FILE_NAME)],
                   {"required": True, "description": "The analysis spec (docs/analysis-spec.md).",
                    "content": {"application/yaml": {"schema": {"type": "string"}},
                                "text/plain": {"schema": {"type": "string"}},
                                "application/octet-stream": {"schema": {}}}},
                   "The spec is checked at once (a spec with problems is refused with them); the run uses the "
                   "cut's cut-off. Its outputs are the files `readout report` writes for the same spec and cut."),
    },
    "/api/v1/jobs": {"get": op("listJobs", "The 50 most recent jobs.", {"200": json_body("jobs", "The jobs.")})},
    "/api/v1/jobs/{job}": {"get": op("getJob", "A job's state, progress and result.",
                                     {"200": json_body("job", "The job.")}, [path_id("job", "job")])},
    "/api/v1/runs/{run}": {"get": op("getRun", "A stored run: its spec and output files.",
                                     {"200": json_body("run", "The run.")}, [path_id("run", "run")])},
    "/api/v1/runs/{run}/files/{path}": {"get": op(
        "getRunFile", "An output file of a run (readout.json, ard.json, adsl.xpt, figures/forest.svg, ...).",
        {"200": {"description": "The file's bytes, as `readout report` writes them.",
                 "content": {"*/*": {"schema": {}}}}}, [path_id("run", "run"), REST])},
    "/api/v1/runs/{run}/subjects/{subject}": {"get": op(
        "getSubject", "One subject: the records read and the responses derived, with their explanations.",
        {"200": json_body("subject", "The subject.")},
        [path_id("run", "run"), {"name": "subject", "in": "path", "required": True,
                                 "description": "The subject's USUBJID.", "schema": {"type": "string"}}])},
    "/api/v1/runs/{run}/counted": {"get": op(
        "getCountedSubjects", "The subjects behind one count of the run's tables (an ard.json row).",
        {"200": json_body("counted", "The count and its subjects, in population order.")},
        [path_id("run", "run"), query("id", "The ard.json row id (response/1/Responders (CR+PR)).", True)])},
    "/api/v1/runs/{run}/check-text": {"post": op(
        "checkText", "Check a written text (the body) against itself and against the run's readout.",
        {"200": json_body("check-text", "Each claim with its verdict.")}, [path_id("run", "run")],
        {"required": True, "description": "The text: plain, Markdown or HTML, UTF-8.",
         "content": {"text/plain": {"schema": {}}, "text/markdown": {"schema": {}}, "text/html": {"schema": {}}}})},
    "/api/v1/audit": {"get": op(
        "listAudit", "The audit trail, or one study's entries, in sequence order (JSON, or CSV with format=csv).",
        {"200": {"description": "The entries.", "content": {
            "application/json": {"schema": schema("audit")}, "text/csv": {"schema": {"type": "string"}}}}},
        [query("study", "Only this study's entries.", False, STUDY["schema"]),
         query("format", "json (the default) or csv.", False, {"enum": ["json", "csv"]})])},
    "/api/v1/audit/verify": {"get": op(
        "verifyAudit", "Check the whole chain: the first entry edited, removed or reordered, and the head's hash.",
        {"200": json_body("audit-verify", "The verdict.")})},
    "/api/v1/compare": {"get": op(
        "compareRuns", "Compare the cuts of two runs of a study, under the later run's spec.",
        {"200": json_body("compare", "What changed between the cuts.")},
        [query("from", "The earlier run.", True, {"type": "integer", "minimum": 1}),
         query("to", "The later run.", True, {"type": "integer", "minimum": 1})])},
    "/api/v1/simulations": {"post": op(
        "startSimulation", "Queue a simulation of a simulation file (the body, YAML; docs/simulation.md).",
        {"202": {**json_body("job", "The queued job."),
                 "headers": {"Location": {"description": "The job.", "schema": {"type": "string"}}}}},
        [query("name", "The file's name (default simulation.yaml).", False, FILE_NAME)],
        {"required": True, "description": "The simulation file.",
         "content": {"application/yaml": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}},
                     "application/octet-stream": {"schema": {}}}})},
    "/api/v1/simulations/{simulation}": {"get": op(
        "getSimulation", "A stored simulation: its file and outputs.", {"200": json_body("simulation", "It.")},
        [path_id("simulation", "simulation")])},
    "/api/v1/simulations/{simulation}/files/{path}": {"get": op(
        "getSimulationFile", "An output of a simulation (simulation.json, .html, .md, .csv, figures/...).",
        {"200": {"description": "The file's bytes.", "content": {"*/*": {"schema": {}}}}},
        [path_id("simulation", "simulation"), REST])},
}

USER = {"name": "user", "in": "path", "required": True, "description": "The user's name.",
        "schema": {"type": "string", "pattern": "^[a-z0-9._-]{1,64}$"}}
ROLE = {"name": "role", "in": "path", "required": True, "description": "The role.",
        "schema": {"enum": ["viewer", "analyst", "approver", "study-admin"]}}
NO_CONTENT = {"204": {"description": "Done."}}


def object_body(description, properties, required):
    return {"required": True, "description": description, "content": {"application/json": {"schema": {
        "type": "object", "properties": properties, "required": required}}}}


TEXT = {"type": "string"}
paths.update({
    "/api/v1/session": {
        "post": {**op("signIn", "Sign in with a user name and password: a session cookie and its CSRF token.",
                      {"201": {**json_body("session", "Signed in. The cookie is HTTP-only and same-site strict."),
                               "headers": {"Set-Cookie": {"description": "readout-session", "schema": TEXT}}}},
                      body=object_body("The credentials.", {"name": TEXT, "password": TEXT}, ["name", "password"]),
                      description="Failed sign-ins of one name are throttled: after --login-attempts in a row the "
                      "name is locked for --login-lockout seconds (429 with Retry-After)."), "security": []},
        "get": op("getSession", "Who is signed in, with their roles by study.",
                  {"200": json_body("session", "The user.")}),
        "delete": op("signOut", "End this session.", NO_CONTENT),
    },
    "/api/v1/session/sign-out-everywhere": {"post": op(
        "signOutEverywhere", "End every session of the user (API tokens stay; revoke each).", NO_CONTENT)},
    "/api/v1/session/password": {"post": op(
        "changePassword", "Change one's password (the current one given again); every session ends.", NO_CONTENT,
        body=object_body("The current and the new password.", {"current": TEXT, "new": TEXT}, ["current", "new"]))},
    "/api/v1/tokens": {
        "get": op("listTokens", "The user's API tokens (never their secrets).", {"200": json_body("tokens", "They.")}),
        "post": op("createToken", "Make an API token; its secret is in this response only.",
                   {"201": json_body("token", "The token and its secret.")},
                   body=object_body("The token's purpose and life.",
                                    {"name": TEXT, "days": {"type": "integer", "minimum": 1}}, ["name"])),
    },
    "/api/v1/tokens/{token}": {"delete": op("revokeToken", "Revoke one of the user's tokens.", NO_CONTENT,
                                            [path_id("token", "token")])},
    "/api/v1/users": {
        "get": op("listUsers", "Every user (site administrators).", {"200": json_body("users", "The users.")}),
        "post": op("createUser", "Add a user (site administrators).", {"201": json_body("user", "The user.")},
                   body=object_body("The user.", {"name": TEXT, "displayName": TEXT, "password": TEXT,
                                                  "siteAdmin": {"type": "boolean"}},
                                    ["name", "displayName", "password"])),
    },
    "/api/v1/users/{user}/disable": {"post": op(
        "disableUser", "Disable a user: sign-in refused, sessions ended, tokens refused (site administrators).",
        {"200": json_body("user", "The user.")}, [USER])},
    "/api/v1/users/{user}/enable": {"post": op(
        "enableUser", "Enable a disabled user (site administrators).", {"200": json_body("user", "The user.")},
        [USER])},
    "/api/v1/studies/{study}/roles": {"get": op(
        "listStudyRoles", "Who holds which role on the study (its administrators, site administrators).",
        {"200": json_body("study-roles", "The roles.")}, [STUDY])},
    "/api/v1/studies/{study}/roles/{user}/{role}": {
        "put": op("grantRole", "Grant a role on the study (its administrators, site administrators).",
                  {"200": json_body("study-roles", "The roles now.")}, [STUDY, USER, ROLE]),
        "delete": op("revokeRole", "Revoke a role on the study.", {"200": json_body("study-roles", "The roles now.")},
                     [STUDY, USER, ROLE]),
    },
    "/api/v1/runs/{run}/signatures": {
        "get": op("listSignatures", "The run's electronic signatures.", {"200": json_body("signatures", "They.")},
                  [path_id("run", "run")]),
        "post": op("signRun", "Sign the run off (approvers): the password again and the meaning.",
                   {"201": json_body("signatures", "The new signature.")}, [path_id("run", "run")],
                   object_body("The approver's password and the signature's meaning.",
                               {"password": TEXT, "meaning": {"enum": ["reviewed", "approved"]}},
                               ["password", "meaning"]),
                   "The signature records the printed name, the time (UTC), the meaning and the run's result "
                   "digest; a run of other data or another spec is another run and carries none of it."),
    },
    "/api/v1/runs/{run}/export": {"get": op(
        "exportRun", "The run's HTML report with its signatures (an audited export).",
        {"200": {"description": "The report.", "content": {"text/html": {"schema": TEXT}}}}, [path_id("run", "run")])},
})
paths["/api/v1/studies"]["post"] = op(
    "createStudy", "Create a study (site administrators); its roles are granted afterwards.",
    {"201": json_body("study-roles", "The new study."), "200": json_body("study-roles", "It existed.")},
    body=object_body("The study.", {"name": STUDY["schema"]}, ["name"]))
for p in ("/openapi.json", "/api/v1/health"):
    paths[p]["get"]["security"] = []

schemas = {}
for f in sorted(os.listdir(SCHEMAS)):
    if f.endswith(".schema.json"):
        schemas[f[:-len(".schema.json")]] = local(json.load(open(os.path.join(SCHEMAS, f))))

document = {
    "openapi": "3.1.0",
    "info": {"title": "Readout server", "version": "1.0",
             "description": "Data cuts, analysis runs, simulations and disclosure checks (docs/server.md). "
                            "Every JSON response is a document of the results contract (docs/results-contract.md). "
                            "Every route but these two and signing in needs a user with a role on the study "
                            "it touches (docs/security.md): 401 without one, 404 for a study the user has no "
                            "role on, 403 for a role the user lacks."},
    "servers": [{"url": "/"}],
    "paths": paths,
    "security": [{"token": []}, {"session": []}],
    "components": {"schemas": schemas, "securitySchemes": {
        "token": {"type": "http", "scheme": "bearer",
                  "description": "An API token (POST /api/v1/tokens, or readout user token)."},
        "session": {"type": "apiKey", "in": "cookie", "name": "readout-session",
                    "description": "A browser session (POST /api/v1/session); state-changing requests also "
                                   "send its CSRF token as X-CSRF-Token."}}},
}
text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
open("docs/openapi.json", "w").write(text)
assert '"""#' not in text
with open("Sources/ReadoutServer/OpenAPIDocument+Text.swift", "w") as f:
    f.write("// Written by scripts/make-openapi.py from docs/openapi.json's sources; do not edit by hand.\n")
    f.write("// swift-format-ignore-file\n\n")
    # Lines over 100 characters are continued with the raw literal's \# at the end of a line, which
    # joins the two lines in the string: the text stays docs/openapi.json byte for byte.
    lines = []
    for line in text.split("\n"):
        while len(line) > 100:
            lines.append(line[:100] + "\\#")
            line = line[100:]
        lines.append(line)
    # A multi-line literal ends before the newline that precedes its closing delimiter.
    f.write("extension OpenAPIDocument {\n    static let text = #\"\"\"\n" + "\n".join(lines) + "\n\"\"\"#\n}\n")
