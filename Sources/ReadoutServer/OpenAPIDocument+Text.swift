// Written by scripts/make-openapi.py from docs/openapi.json's sources; do not edit by hand.
// swift-format-ignore-file

extension OpenAPIDocument {
    static let text = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Readout server",
    "version": "1.0",
    "description": "Data cuts, analysis runs, simulations and disclosure checks (docs/server.md). Ev\#
ery JSON response is a document of the results contract (docs/results-contract.md). Every route but \#
these two and signing in needs a user with a role on the study it touches (docs/security.md): 401 wi\#
thout one, 404 for a study the user has no role on, 403 for a role the user lacks."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/openapi.json": {
      "get": {
        "operationId": "getOpenAPI",
        "summary": "This document.",
        "parameters": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/api/v1/health": {
      "get": {
        "operationId": "getHealth",
        "summary": "Whether the server is up.",
        "parameters": [],
        "responses": {
          "200": {
            "description": "Up.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/health"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "security": []
      }
    },
    "/api/v1/studies": {
      "get": {
        "operationId": "listStudies",
        "summary": "The studies, with their number of cuts.",
        "parameters": [],
        "responses": {
          "200": {
            "description": "The studies, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/studies"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "createStudy",
        "summary": "Create a study (site administrators); its roles are granted afterwards.",
        "parameters": [],
        "responses": {
          "201": {
            "description": "The new study.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/study-roles"
                }
              }
            }
          },
          "200": {
            "description": "It existed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/study-roles"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The study.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string",
                    "pattern": "^[A-Za-z0-9._-]{1,64}$"
                  }
                },
                "required": [
                  "name"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/studies/{study}/cuts": {
      "get": {
        "operationId": "listCuts",
        "summary": "A study's cuts, in the order they were stored.",
        "parameters": [
          {
            "name": "study",
            "in": "path",
            "required": true,
            "description": "The study's name.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The cuts.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/cuts"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "uploadCut",
        "summary": "Store a data cut uploaded as a zip, tar or tar.gz archive of domain files.",
        "parameters": [
          {
            "name": "study",
            "in": "path",
            "required": true,
            "description": "The study's name.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "cutoff",
            "in": "query",
            "required": true,
            "description": "The data cut-off (YYYY-MM-DD).",
            "schema": {
              "type": "string",
              "format": "date"
            }
          },
          {
            "name": "label",
            "in": "query",
            "required": false,
            "description": "A name for the cut (default: cut of the cut-off date).",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          {
            "name": "name",
            "in": "query",
            "required": false,
            "description": "The archive's file name, for messages.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          }
        ],
        "responses": {
          "201": {
            "description": "The stored cut with its validation counts (the same files at the same cu\#
t-off are stored once).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/cut"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The archive.",
          "content": {
            "application/zip": {
              "schema": {}
            },
            "application/x-tar": {
              "schema": {}
            },
            "application/gzip": {
              "schema": {}
            },
            "application/octet-stream": {
              "schema": {}
            }
          }
        }
      }
    },
    "/api/v1/studies/{study}/cuts/register": {
      "post": {
        "operationId": "registerCut",
        "summary": "Store a study folder on the server's disk as a cut (only under a --register-root\#
).",
        "parameters": [
          {
            "name": "study",
            "in": "path",
            "required": true,
            "description": "The study's name.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "cutoff",
            "in": "query",
            "required": true,
            "description": "The data cut-off (YYYY-MM-DD).",
            "schema": {
              "type": "string",
              "format": "date"
            }
          },
          {
            "name": "label",
            "in": "query",
            "required": false,
            "description": "A name for the cut (default: cut of the cut-off date).",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          {
            "name": "folder",
            "in": "query",
            "required": true,
            "description": "The folder on the server.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "201": {
            "description": "The stored cut.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/cut"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/cuts/{cut}": {
      "get": {
        "operationId": "getCut",
        "summary": "A stored cut: its files and their SHA-256.",
        "parameters": [
          {
            "name": "cut",
            "in": "path",
            "required": true,
            "description": "The cut's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The cut.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/cut"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/cuts/{cut}/validation": {
      "get": {
        "operationId": "getCutValidation",
        "summary": "The validation of the cut, made when it was stored.",
        "parameters": [
          {
            "name": "cut",
            "in": "path",
            "required": true,
            "description": "The cut's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The validate document.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/validate"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/cuts/{cut}/runs": {
      "get": {
        "operationId": "listRuns",
        "summary": "The analysis runs of a cut.",
        "parameters": [
          {
            "name": "cut",
            "in": "path",
            "required": true,
            "description": "The cut's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The runs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/runs"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "startRun",
        "summary": "Queue a readout of an analysis spec (the request body, YAML) on the cut.",
        "parameters": [
          {
            "name": "cut",
            "in": "path",
            "required": true,
            "description": "The cut's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "name": "spec",
            "in": "query",
            "required": false,
            "description": "The spec's file name (default readout.yaml).",
            "schema": {
              "type": "string",
              "pattern": "^[^./][^/]{0,126}\\.(yaml|yml|json)$"
            }
          }
        ],
        "responses": {
          "202": {
            "description": "The queued job; poll its Location.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/job"
                }
              }
            },
            "headers": {
              "Location": {
                "description": "The job.",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "description": "The spec is checked at once (a spec with problems is refused with them); the\#
 run uses the cut's cut-off. Its outputs are the files `readout report` writes for the same spec and\#
 cut.",
        "requestBody": {
          "required": true,
          "description": "The analysis spec (docs/analysis-spec.md).",
          "content": {
            "application/yaml": {
              "schema": {
                "type": "string"
              }
            },
            "text/plain": {
              "schema": {
                "type": "string"
              }
            },
            "application/octet-stream": {
              "schema": {}
            }
          }
        }
      }
    },
    "/api/v1/jobs": {
      "get": {
        "operationId": "listJobs",
        "summary": "The 50 most recent jobs.",
        "parameters": [],
        "responses": {
          "200": {
            "description": "The jobs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/jobs"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{job}": {
      "get": {
        "operationId": "getJob",
        "summary": "A job's state, progress and result.",
        "parameters": [
          {
            "name": "job",
            "in": "path",
            "required": true,
            "description": "The job's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The job.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/job"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}": {
      "get": {
        "operationId": "getRun",
        "summary": "A stored run: its spec and output files.",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The run.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/run"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}/files/{path}": {
      "get": {
        "operationId": "getRunFile",
        "summary": "An output file of a run (readout.json, ard.json, adsl.xpt, figures/forest.svg, .\#
..).",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "name": "path",
            "in": "path",
            "required": true,
            "description": "The output file's name, slashes included (figures/forest.svg).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The file's bytes, as `readout report` writes them.",
            "content": {
              "*/*": {
                "schema": {}
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}/subjects/{subject}": {
      "get": {
        "operationId": "getSubject",
        "summary": "One subject: the records read and the responses derived, with their explanations\#
.",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "name": "subject",
            "in": "path",
            "required": true,
            "description": "The subject's USUBJID.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The subject.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/subject"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}/counted": {
      "get": {
        "operationId": "getCountedSubjects",
        "summary": "The subjects behind one count of the run's tables (an ard.json row).",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "name": "id",
            "in": "query",
            "required": true,
            "description": "The ard.json row id (response/1/Responders (CR+PR)).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The count and its subjects, in population order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/counted"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}/check-text": {
      "post": {
        "operationId": "checkText",
        "summary": "Check a written text (the body) against itself and against the run's readout.",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Each claim with its verdict.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/check-text"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The text: plain, Markdown or HTML, UTF-8.",
          "content": {
            "text/plain": {
              "schema": {}
            },
            "text/markdown": {
              "schema": {}
            },
            "text/html": {
              "schema": {}
            }
          }
        }
      }
    },
    "/api/v1/audit": {
      "get": {
        "operationId": "listAudit",
        "summary": "The audit trail, or one study's entries, in sequence order (JSON, or CSV with fo\#
rmat=csv).",
        "parameters": [
          {
            "name": "study",
            "in": "query",
            "required": false,
            "description": "Only this study's entries.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "format",
            "in": "query",
            "required": false,
            "description": "json (the default) or csv.",
            "schema": {
              "enum": [
                "json",
                "csv"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The entries.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/audit"
                }
              },
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/audit/verify": {
      "get": {
        "operationId": "verifyAudit",
        "summary": "Check the whole chain: the first entry edited, removed or reordered, and the hea\#
d's hash.",
        "parameters": [],
        "responses": {
          "200": {
            "description": "The verdict.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/audit-verify"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/compare": {
      "get": {
        "operationId": "compareRuns",
        "summary": "Compare the cuts of two runs of a study, under the later run's spec.",
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": true,
            "description": "The earlier run.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": true,
            "description": "The later run.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "What changed between the cuts.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/compare"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/simulations": {
      "post": {
        "operationId": "startSimulation",
        "summary": "Queue a simulation of a simulation file (the body, YAML; docs/simulation.md).",
        "parameters": [
          {
            "name": "name",
            "in": "query",
            "required": false,
            "description": "The file's name (default simulation.yaml).",
            "schema": {
              "type": "string",
              "pattern": "^[^./][^/]{0,126}\\.(yaml|yml|json)$"
            }
          }
        ],
        "responses": {
          "202": {
            "description": "The queued job.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/job"
                }
              }
            },
            "headers": {
              "Location": {
                "description": "The job.",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The simulation file.",
          "content": {
            "application/yaml": {
              "schema": {
                "type": "string"
              }
            },
            "text/plain": {
              "schema": {
                "type": "string"
              }
            },
            "application/octet-stream": {
              "schema": {}
            }
          }
        }
      }
    },
    "/api/v1/simulations/{simulation}": {
      "get": {
        "operationId": "getSimulation",
        "summary": "A stored simulation: its file and outputs.",
        "parameters": [
          {
            "name": "simulation",
            "in": "path",
            "required": true,
            "description": "The simulation's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "It.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/simulation"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/simulations/{simulation}/files/{path}": {
      "get": {
        "operationId": "getSimulationFile",
        "summary": "An output of a simulation (simulation.json, .html, .md, .csv, figures/...).",
        "parameters": [
          {
            "name": "simulation",
            "in": "path",
            "required": true,
            "description": "The simulation's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "name": "path",
            "in": "path",
            "required": true,
            "description": "The output file's name, slashes included (figures/forest.svg).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The file's bytes.",
            "content": {
              "*/*": {
                "schema": {}
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/session": {
      "post": {
        "operationId": "signIn",
        "summary": "Sign in with a user name and password: a session cookie and its CSRF token.",
        "parameters": [],
        "responses": {
          "201": {
            "description": "Signed in. The cookie is HTTP-only and same-site strict.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/session"
                }
              }
            },
            "headers": {
              "Set-Cookie": {
                "description": "readout-session",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "description": "Failed sign-ins of one name are throttled: after --login-attempts in a row t\#
he name is locked for --login-lockout seconds (429 with Retry-After).",
        "requestBody": {
          "required": true,
          "description": "The credentials.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "password": {
                    "type": "string"
                  }
                },
                "required": [
                  "name",
                  "password"
                ]
              }
            }
          }
        },
        "security": []
      },
      "get": {
        "operationId": "getSession",
        "summary": "Who is signed in, with their roles by study.",
        "parameters": [],
        "responses": {
          "200": {
            "description": "The user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/session"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "signOut",
        "summary": "End this session.",
        "parameters": [],
        "responses": {
          "204": {
            "description": "Done."
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/session/sign-out-everywhere": {
      "post": {
        "operationId": "signOutEverywhere",
        "summary": "End every session of the user (API tokens stay; revoke each).",
        "parameters": [],
        "responses": {
          "204": {
            "description": "Done."
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/session/password": {
      "post": {
        "operationId": "changePassword",
        "summary": "Change one's password (the current one given again); every session ends.",
        "parameters": [],
        "responses": {
          "204": {
            "description": "Done."
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The current and the new password.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "current": {
                    "type": "string"
                  },
                  "new": {
                    "type": "string"
                  }
                },
                "required": [
                  "current",
                  "new"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/tokens": {
      "get": {
        "operationId": "listTokens",
        "summary": "The user's API tokens (never their secrets).",
        "parameters": [],
        "responses": {
          "200": {
            "description": "They.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/tokens"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "createToken",
        "summary": "Make an API token; its secret is in this response only.",
        "parameters": [],
        "responses": {
          "201": {
            "description": "The token and its secret.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/token"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The token's purpose and life.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "days": {
                    "type": "integer",
                    "minimum": 1
                  }
                },
                "required": [
                  "name"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/tokens/{token}": {
      "delete": {
        "operationId": "revokeToken",
        "summary": "Revoke one of the user's tokens.",
        "parameters": [
          {
            "name": "token",
            "in": "path",
            "required": true,
            "description": "The token's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Done."
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/users": {
      "get": {
        "operationId": "listUsers",
        "summary": "Every user (site administrators).",
        "parameters": [],
        "responses": {
          "200": {
            "description": "The users.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/users"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "createUser",
        "summary": "Add a user (site administrators).",
        "parameters": [],
        "responses": {
          "201": {
            "description": "The user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/user"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "requestBody": {
          "required": true,
          "description": "The user.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "displayName": {
                    "type": "string"
                  },
                  "password": {
                    "type": "string"
                  },
                  "siteAdmin": {
                    "type": "boolean"
                  }
                },
                "required": [
                  "name",
                  "displayName",
                  "password"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/users/{user}/disable": {
      "post": {
        "operationId": "disableUser",
        "summary": "Disable a user: sign-in refused, sessions ended, tokens refused (site administra\#
tors).",
        "parameters": [
          {
            "name": "user",
            "in": "path",
            "required": true,
            "description": "The user's name.",
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9._-]{1,64}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/user"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/users/{user}/enable": {
      "post": {
        "operationId": "enableUser",
        "summary": "Enable a disabled user (site administrators).",
        "parameters": [
          {
            "name": "user",
            "in": "path",
            "required": true,
            "description": "The user's name.",
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9._-]{1,64}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The user.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/user"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/studies/{study}/roles": {
      "get": {
        "operationId": "listStudyRoles",
        "summary": "Who holds which role on the study (its administrators, site administrators).",
        "parameters": [
          {
            "name": "study",
            "in": "path",
            "required": true,
            "description": "The study's name.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The roles.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/study-roles"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/studies/{study}/roles/{user}/{role}": {
      "put": {
        "operationId": "grantRole",
        "summary": "Grant a role on the study (its administrators, site administrators).",
        "parameters": [
          {
            "name": "study",
            "in": "path",
            "required": true,
            "description": "The study's name.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "user",
            "in": "path",
            "required": true,
            "description": "The user's name.",
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "role",
            "in": "path",
            "required": true,
            "description": "The role.",
            "schema": {
              "enum": [
                "viewer",
                "analyst",
                "approver",
                "study-admin"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The roles now.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/study-roles"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "revokeRole",
        "summary": "Revoke a role on the study.",
        "parameters": [
          {
            "name": "study",
            "in": "path",
            "required": true,
            "description": "The study's name.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "user",
            "in": "path",
            "required": true,
            "description": "The user's name.",
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9._-]{1,64}$"
            }
          },
          {
            "name": "role",
            "in": "path",
            "required": true,
            "description": "The role.",
            "schema": {
              "enum": [
                "viewer",
                "analyst",
                "approver",
                "study-admin"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The roles now.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/study-roles"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}/signatures": {
      "get": {
        "operationId": "listSignatures",
        "summary": "The run's electronic signatures.",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "They.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/signatures"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "signRun",
        "summary": "Sign the run off (approvers): the password again and the meaning.",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "201": {
            "description": "The new signature.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/signatures"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        },
        "description": "The signature records the printed name, the time (UTC), the meaning and the \#
run's result digest; a run of other data or another spec is another run and carries none of it.",
        "requestBody": {
          "required": true,
          "description": "The approver's password and the signature's meaning.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "password": {
                    "type": "string"
                  },
                  "meaning": {
                    "enum": [
                      "reviewed",
                      "approved"
                    ]
                  }
                },
                "required": [
                  "password",
                  "meaning"
                ]
              }
            }
          }
        }
      }
    },
    "/api/v1/runs/{run}/export": {
      "get": {
        "operationId": "exportRun",
        "summary": "The run's HTML report with its signatures (an audited export).",
        "parameters": [
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run's id.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The report.",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "4XX": {
            "description": "The request cannot be done: the error document names each problem, where\#
 it is and what was expected.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          },
          "5XX": {
            "description": "The server could not complete the request (nothing internal is shown).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/error"
                }
              }
            }
          }
        }
      }
    }
  },
  "security": [
    {
      "token": []
    },
    {
      "session": []
    }
  ],
  "components": {
    "schemas": {
      "ard": {
        "title": "readout report: ard.json (analysis results data)",
        "description": "One row per statistic a table of the readout shows; ard.csv has the same col\#
umns.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "title",
          "spec",
          "cutoff",
          "rows"
        ],
        "properties": {
          "document": {
            "const": "ard"
          },
          "schemaVersion": true,
          "engine": true,
          "title": {
            "type": "string"
          },
          "spec": {
            "type": "string"
          },
          "cutoff": {
            "$ref": "#/components/schemas/common/$defs/date"
          },
          "rows": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "analysis",
                "population",
                "parentPopulation",
                "groupingVariable",
                "groupingLevel",
                "method",
                "operation",
                "value",
                "upperValue",
                "unit",
                "formatted",
                "table",
                "row",
                "column"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "analysis": {
                  "enum": [
                    "response",
                    "unconfirmed",
                    "baseline",
                    "exposure",
                    "populations",
                    "followup",
                    "timetoevent"
                  ]
                },
                "population": {
                  "type": "string"
                },
                "parentPopulation": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "groupingVariable": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "groupingLevel": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "method": {
                  "type": "string"
                },
                "operation": {
                  "enum": [
                    "N",
                    "n",
                    "count",
                    "events",
                    "percent",
                    "ci-level",
                    "ci-lower-upper",
                    "median",
                    "q1",
                    "q3",
                    "min",
                    "max",
                    "min-max"
                  ]
                },
                "value": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "upperValue": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "unit": {
                  "enum": [
                    "%",
                    "days",
                    "weeks",
                    "months",
                    null
                  ]
                },
                "formatted": {
                  "type": "string"
                },
                "table": {
                  "type": "string"
                },
                "row": {
                  "type": "integer",
                  "minimum": 1
                },
                "column": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "audit-verify": {
        "title": "The audit trail checked",
        "description": "GET /api/v1/audit/verify; readout audit verify --format json.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "entries",
          "valid",
          "firstBroken",
          "head"
        ],
        "properties": {
          "document": {
            "const": "audit-verify"
          },
          "schemaVersion": true,
          "engine": true,
          "entries": {
            "type": "integer",
            "minimum": 0
          },
          "valid": {
            "type": "boolean"
          },
          "firstBroken": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "sequence",
                  "problem"
                ],
                "properties": {
                  "sequence": {
                    "type": "integer"
                  },
                  "problem": {
                    "type": "string"
                  }
                }
              }
            ]
          },
          "head": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              }
            ]
          }
        }
      },
      "audit": {
        "title": "The audit trail",
        "description": "GET /api/v1/audit[?study=S]; readout audit export --format json.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "entries"
        ],
        "properties": {
          "document": {
            "const": "audit"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "null"
              }
            ]
          },
          "entries": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/audit/$defs/entry"
            }
          }
        },
        "$defs": {
          "entry": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "sequence",
              "time",
              "actor",
              "action",
              "study",
              "object",
              "objectSHA256",
              "detail",
              "previous",
              "hash"
            ],
            "properties": {
              "sequence": {
                "type": "integer",
                "minimum": 1
              },
              "time": {
                "type": "string",
                "format": "date-time"
              },
              "actor": {
                "type": "string"
              },
              "action": {
                "enum": [
                  "cut-stored",
                  "cut-registered",
                  "run-queued",
                  "simulation-queued",
                  "job-succeeded",
                  "job-failed",
                  "login",
                  "login-failed",
                  "logout",
                  "logout-everywhere",
                  "user-created",
                  "user-disabled",
                  "user-enabled",
                  "password-changed",
                  "study-created",
                  "role-granted",
                  "role-revoked",
                  "token-created",
                  "token-revoked",
                  "run-signed",
                  "signature-refused",
                  "run-exported",
                  "audit-exported"
                ]
              },
              "study": {
                "oneOf": [
                  {
                    "type": "string"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "object": {
                "type": "string"
              },
              "objectSHA256": {
                "oneOf": [
                  {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "detail": {
                "type": "object"
              },
              "previous": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              },
              "hash": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              }
            }
          }
        }
      },
      "ca125": {
        "title": "readout ca125 --format json",
        "description": "Every subject's CA-125 response and progression by GCIG from LB.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "cutoff",
          "criteria",
          "options",
          "records",
          "subjects",
          "summary",
          "notUsed",
          "problems"
        ],
        "properties": {
          "document": {
            "const": "ca125"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "type": [
              "string",
              "null"
            ]
          },
          "cutoff": {
            "$ref": "#/components/schemas/common/$defs/dateOrNull"
          },
          "criteria": {
            "const": "GCIG CA-125"
          },
          "options": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "ca125-test-code",
              "ca125-response-reduction",
              "ca125-confirmation-days",
              "ca125-pretreatment-days",
              "ca125-progression-gap-days",
              "ca125-default-upper-limit",
              "ca125-upper-limit"
            ],
            "properties": {
              "ca125-test-code": {
                "type": "string"
              },
              "ca125-response-reduction": {
                "type": "number"
              },
              "ca125-confirmation-days": {
                "type": "integer",
                "minimum": 0
              },
              "ca125-pretreatment-days": {
                "type": "integer",
                "minimum": 0
              },
              "ca125-progression-gap-days": {
                "type": "integer",
                "minimum": 0
              },
              "ca125-default-upper-limit": {
                "type": "number"
              },
              "ca125-upper-limit": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          },
          "records": {
            "type": "integer",
            "minimum": 0
          },
          "subjects": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ca125/$defs/subject"
            }
          },
          "summary": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "CR",
              "PR",
              "SD",
              "NE",
              "MISSING",
              "progressions",
              "defaultUpperLimits"
            ],
            "properties": {
              "CR": {
                "type": "integer",
                "minimum": 0
              },
              "PR": {
                "type": "integer",
                "minimum": 0
              },
              "SD": {
                "type": "integer",
                "minimum": 0
              },
              "NE": {
                "type": "integer",
                "minimum": 0
              },
              "MISSING": {
                "type": "integer",
                "minimum": 0
              },
              "progressions": {
                "type": "integer",
                "minimum": 0
              },
              "defaultUpperLimits": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "notUsed": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "reason",
                "count"
              ],
              "properties": {
                "reason": {
                  "type": "string"
                },
                "count": {
                  "type": "integer",
                  "minimum": 1
                }
              }
            }
          },
          "problems": {
            "$ref": "#/components/schemas/common/$defs/problems"
          }
        },
        "$defs": {
          "sample": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "ADT",
              "AVAL",
              "ULN"
            ],
            "properties": {
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "AVAL": {
                "type": "number"
              },
              "ULN": {
                "type": "number"
              }
            }
          },
          "sampleOrNull": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "$ref": "#/components/schemas/ca125/$defs/sample"
              }
            ]
          },
          "subject": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "USUBJID",
              "TRTSDT",
              "pretreatment",
              "values",
              "bestPCHG",
              "response",
              "progression",
              "progressionText",
              "TTP"
            ],
            "properties": {
              "USUBJID": {
                "type": "string"
              },
              "TRTSDT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "pretreatment": {
                "$ref": "#/components/schemas/ca125/$defs/sampleOrNull"
              },
              "values": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "ADT",
                    "AVAL",
                    "ULN",
                    "PCHG"
                  ],
                  "properties": {
                    "ADT": {
                      "$ref": "#/components/schemas/common/$defs/date"
                    },
                    "AVAL": {
                      "type": "number"
                    },
                    "ULN": {
                      "type": "number"
                    },
                    "PCHG": {
                      "type": [
                        "number",
                        "null"
                      ]
                    }
                  }
                }
              },
              "bestPCHG": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "response": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "PARAMCD",
                  "AVALC",
                  "ADT",
                  "confirmationDate",
                  "text"
                ],
                "properties": {
                  "PARAMCD": {
                    "const": "CA125RSP"
                  },
                  "AVALC": {
                    "enum": [
                      "CR",
                      "PR",
                      "SD",
                      "NE",
                      "MISSING"
                    ]
                  },
                  "ADT": {
                    "$ref": "#/components/schemas/common/$defs/dateOrNull"
                  },
                  "confirmationDate": {
                    "$ref": "#/components/schemas/common/$defs/dateOrNull"
                  },
                  "text": {
                    "type": "string",
                    "minLength": 1
                  }
                }
              },
              "progression": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "ADT",
                      "AVAL",
                      "secondDate",
                      "kind",
                      "mark"
                    ],
                    "properties": {
                      "ADT": {
                        "$ref": "#/components/schemas/common/$defs/date"
                      },
                      "AVAL": {
                        "type": "number"
                      },
                      "secondDate": {
                        "$ref": "#/components/schemas/common/$defs/date"
                      },
                      "kind": {
                        "enum": [
                          "A",
                          "B",
                          "C"
                        ]
                      },
                      "mark": {
                        "type": "number"
                      }
                    }
                  }
                ]
              },
              "progressionText": {
                "type": "string",
                "minLength": 1
              },
              "TTP": {
                "$ref": "#/components/schemas/common/$defs/timeToEventOrNull"
              }
            }
          }
        }
      },
      "check-text": {
        "title": "readout check-text --format json",
        "description": "Every quantitative claim of a text with its verdict and reasons.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "file",
          "reconciledWith",
          "claims",
          "verdicts",
          "failed"
        ],
        "properties": {
          "document": {
            "const": "check-text"
          },
          "schemaVersion": true,
          "engine": true,
          "file": {
            "type": "string"
          },
          "reconciledWith": {
            "type": [
              "string",
              "null"
            ]
          },
          "claims": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "kind",
                "text",
                "value",
                "upper",
                "date",
                "decimals",
                "unit",
                "denominator",
                "start",
                "end",
                "sentenceNumber",
                "context",
                "sentence",
                "verdict",
                "reasons"
              ],
              "properties": {
                "kind": {
                  "enum": [
                    "count",
                    "percentage",
                    "median",
                    "dose",
                    "range",
                    "measure",
                    "date"
                  ]
                },
                "text": {
                  "type": "string"
                },
                "value": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "upper": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "date": {
                  "$ref": "#/components/schemas/common/$defs/dateOrNull"
                },
                "decimals": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 0
                },
                "unit": {
                  "type": "string"
                },
                "denominator": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "start": {
                  "type": "integer",
                  "minimum": 0
                },
                "end": {
                  "type": "integer",
                  "minimum": 0
                },
                "sentenceNumber": {
                  "type": "integer",
                  "minimum": 0
                },
                "context": {
                  "type": "string"
                },
                "sentence": {
                  "type": "string"
                },
                "verdict": {
                  "enum": [
                    "consistent",
                    "inconsistent",
                    "unverifiable",
                    "matches-data",
                    "differs-from-data",
                    "no-computed-counterpart"
                  ]
                },
                "reasons": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "verdicts": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "consistent",
              "inconsistent",
              "unverifiable",
              "matches-data",
              "differs-from-data",
              "no-computed-counterpart"
            ],
            "properties": {
              "consistent": {
                "type": "integer",
                "minimum": 0
              },
              "inconsistent": {
                "type": "integer",
                "minimum": 0
              },
              "unverifiable": {
                "type": "integer",
                "minimum": 0
              },
              "matches-data": {
                "type": "integer",
                "minimum": 0
              },
              "differs-from-data": {
                "type": "integer",
                "minimum": 0
              },
              "no-computed-counterpart": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "failed": {
            "type": "boolean"
          }
        }
      },
      "common": {
        "title": "Readout results contract: shared definitions",
        "description": "Definitions every Readout document uses. docs/results-contract.md documents \#
each field.",
        "$defs": {
          "envelope": {
            "description": "The first members of every document.",
            "type": "object",
            "required": [
              "document",
              "schemaVersion",
              "engine"
            ],
            "properties": {
              "document": {
                "type": "string"
              },
              "schemaVersion": {
                "const": "1.0"
              },
              "engine": {
                "type": "string",
                "pattern": "^Readout [0-9]+\\.[0-9]+\\.[0-9]+$"
              }
            }
          },
          "date": {
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
          },
          "dateOrNull": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              {
                "type": "null"
              }
            ]
          },
          "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$"
          },
          "responseCode": {
            "description": "A visit or best overall response by its CDISC code: RECIST 1.1's, or iRE\#
CIST's.",
            "enum": [
              "CR",
              "PR",
              "SD",
              "NON-CR/NON-PD",
              "PD",
              "NE",
              "MISSING",
              "iCR",
              "iPR",
              "iSD",
              "NON-iCR/NON-iUPD",
              "iUPD",
              "iCPD"
            ]
          },
          "flag": {
            "enum": [
              "Y",
              "N"
            ]
          },
          "problem": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "severity",
              "code",
              "file",
              "row",
              "rowKind",
              "variable",
              "value",
              "expected",
              "message",
              "text"
            ],
            "properties": {
              "severity": {
                "enum": [
                  "error",
                  "warning",
                  "note"
                ]
              },
              "code": {
                "type": "string",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"
              },
              "file": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "row": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "rowKind": {
                "enum": [
                  "row",
                  "record",
                  "line",
                  "character",
                  null
                ]
              },
              "variable": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "value": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "expected": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "message": {
                "type": "string"
              },
              "text": {
                "type": "string"
              }
            }
          },
          "problems": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "errors",
              "warnings",
              "notes",
              "omitted",
              "items"
            ],
            "properties": {
              "errors": {
                "type": "integer",
                "minimum": 0
              },
              "warnings": {
                "type": "integer",
                "minimum": 0
              },
              "notes": {
                "type": "integer",
                "minimum": 0
              },
              "omitted": {
                "type": "integer",
                "minimum": 0
              },
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/common/$defs/problem"
                }
              }
            }
          },
          "record": {
            "description": "An assessment an explanation used, and in which role.",
            "type": "object",
            "additionalProperties": false,
            "required": [
              "role",
              "ADT",
              "AVALC"
            ],
            "properties": {
              "role": {
                "enum": [
                  "counted",
                  "deciding",
                  "confirming",
                  "too-early",
                  "unconfirmed",
                  "following"
                ]
              },
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "AVALC": {
                "$ref": "#/components/schemas/common/$defs/responseCode"
              }
            }
          },
          "explanation": {
            "description": "Why a best overall response came out as it did: the rule, the records it\#
 used, and a sentence.",
            "type": "object",
            "additionalProperties": false,
            "required": [
              "rule",
              "records",
              "days",
              "minimumDays",
              "text"
            ],
            "properties": {
              "rule": {
                "enum": [
                  "not-treated",
                  "not-randomized",
                  "no-assessment",
                  "first-of-level",
                  "stable-disease-window",
                  "progression",
                  "stable-disease-too-early",
                  "all-not-evaluable",
                  "confirmed",
                  "strict-recist-confirmation",
                  "no-stable-disease-no-progression",
                  "confirmed-progression",
                  "unconfirmed-progression"
                ]
              },
              "records": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/common/$defs/record"
                }
              },
              "days": {
                "type": [
                  "integer",
                  "null"
                ]
              },
              "minimumDays": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 0
              },
              "text": {
                "type": "string",
                "minLength": 1
              }
            }
          },
          "bestResponse": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "PARAMCD",
              "AVALC",
              "ADT",
              "explanation"
            ],
            "properties": {
              "PARAMCD": {
                "enum": [
                  "BOR",
                  "CBOR",
                  "IBOR",
                  "ICBOR"
                ]
              },
              "AVALC": {
                "$ref": "#/components/schemas/common/$defs/responseCode"
              },
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "explanation": {
                "$ref": "#/components/schemas/common/$defs/explanation"
              }
            }
          },
          "timeToEvent": {
            "description": "A time-to-event parameter as ADTTE writes it.",
            "type": "object",
            "additionalProperties": false,
            "required": [
              "PARAMCD",
              "STARTDT",
              "ADT",
              "AVAL",
              "AVALU",
              "CNSR",
              "EVNTDESC"
            ],
            "properties": {
              "PARAMCD": {
                "enum": [
                  "PFS",
                  "RSD",
                  "OS",
                  "IPFS",
                  "IRSD",
                  "TTPP",
                  "CA125TTP"
                ]
              },
              "STARTDT": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "AVAL": {
                "type": "integer",
                "minimum": 1
              },
              "AVALU": {
                "const": "DAYS"
              },
              "CNSR": {
                "enum": [
                  0,
                  1
                ]
              },
              "EVNTDESC": {
                "type": "string"
              }
            }
          },
          "timeToEventOrNull": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/common/$defs/timeToEvent"
              },
              {
                "type": "null"
              }
            ]
          },
          "responseOptions": {
            "description": "Every response rule by its command-line name (docs/response-rules.md).",
            "type": "object",
            "additionalProperties": false,
            "required": [
              "criteria",
              "unconfirmed-progression",
              "rs-category",
              "rs-method",
              "evaluator",
              "minimum-sd-days",
              "confirmation-days",
              "confirmation-max-days",
              "confirmation-at-next-assessment",
              "max-ne-between",
              "strict-recist",
              "include-first-dose-day",
              "stop-at-new-therapy",
              "durable-sd-weeks",
              "no-assessment-missing",
              "dor-unconfirmed",
              "reference-date",
              "pr-after-cr",
              "max-sd-between",
              "same-date-order",
              "pfs-censoring",
              "readers",
              "count-after-pd"
            ],
            "properties": {
              "criteria": {
                "enum": [
                  "recist-1.1",
                  "irecist",
                  "lugano-2014"
                ]
              },
              "unconfirmed-progression": {
                "enum": [
                  "censored",
                  "event"
                ]
              },
              "rs-category": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "rs-method": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "evaluator": {
                "type": "string"
              },
              "minimum-sd-days": {
                "type": "integer",
                "minimum": 0
              },
              "confirmation-days": {
                "type": "integer",
                "minimum": 0
              },
              "confirmation-max-days": {
                "type": [
                  "integer",
                  "null"
                ]
              },
              "confirmation-at-next-assessment": {
                "type": "boolean"
              },
              "max-ne-between": {
                "type": "integer",
                "minimum": 0
              },
              "strict-recist": {
                "type": "boolean"
              },
              "include-first-dose-day": {
                "type": "boolean"
              },
              "stop-at-new-therapy": {
                "type": "boolean"
              },
              "durable-sd-weeks": {
                "type": "integer",
                "minimum": 0
              },
              "no-assessment-missing": {
                "type": "boolean"
              },
              "dor-unconfirmed": {
                "type": "boolean"
              },
              "reference-date": {
                "enum": [
                  "first-dose",
                  "randomization"
                ]
              },
              "pr-after-cr": {
                "enum": [
                  "confirms",
                  "breaks-confirmation"
                ]
              },
              "max-sd-between": {
                "type": "integer",
                "minimum": 0
              },
              "same-date-order": {
                "enum": [
                  "ne-worse-than-sd",
                  "ne-least-bad"
                ]
              },
              "pfs-censoring": {
                "enum": [
                  "last-adequate",
                  "last-assessment"
                ]
              },
              "readers": {
                "enum": [
                  "worst",
                  "accepted"
                ]
              },
              "count-after-pd": {
                "type": "boolean"
              }
            }
          }
        }
      },
      "compare": {
        "title": "readout compare --format json",
        "description": "Two data cuts of one study compared: subjects, responses, data changed behin\#
d the cut, figures.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "first",
          "second",
          "subjectsAdded",
          "subjectsRemoved",
          "responseChanges",
          "newlyConfirmed",
          "recordsCompared",
          "behindTheCut",
          "spec",
          "figures"
        ],
        "properties": {
          "document": {
            "const": "compare"
          },
          "schemaVersion": true,
          "engine": true,
          "first": {
            "$ref": "#/components/schemas/compare/$defs/cut"
          },
          "second": {
            "$ref": "#/components/schemas/compare/$defs/cut"
          },
          "subjectsAdded": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "subjectsRemoved": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "responseChanges": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "USUBJID",
                "PARAMCD",
                "first",
                "second"
              ],
              "properties": {
                "USUBJID": {
                  "type": "string"
                },
                "PARAMCD": {
                  "enum": [
                    "BOR",
                    "CBOR"
                  ]
                },
                "first": {
                  "$ref": "#/components/schemas/compare/$defs/response"
                },
                "second": {
                  "$ref": "#/components/schemas/compare/$defs/response"
                }
              }
            }
          },
          "newlyConfirmed": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "USUBJID",
                "firstCBOR",
                "secondCBOR",
                "confirmationDate",
                "explanation"
              ],
              "properties": {
                "USUBJID": {
                  "type": "string"
                },
                "firstCBOR": {
                  "$ref": "#/components/schemas/common/$defs/responseCode"
                },
                "secondCBOR": {
                  "enum": [
                    "CR",
                    "PR",
                    "iCR",
                    "iPR"
                  ]
                },
                "confirmationDate": {
                  "$ref": "#/components/schemas/common/$defs/dateOrNull"
                },
                "explanation": {
                  "type": "string"
                }
              }
            }
          },
          "recordsCompared": {
            "type": "integer",
            "minimum": 0
          },
          "behindTheCut": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "domain",
                "record",
                "change",
                "differences",
                "firstLocation",
                "secondLocation"
              ],
              "properties": {
                "domain": {
                  "type": "string"
                },
                "record": {
                  "type": "string"
                },
                "change": {
                  "enum": [
                    "changed",
                    "disappeared",
                    "appeared"
                  ]
                },
                "differences": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "variable",
                      "first",
                      "second"
                    ],
                    "properties": {
                      "variable": {
                        "type": "string"
                      },
                      "first": {
                        "type": "string"
                      },
                      "second": {
                        "type": "string"
                      }
                    }
                  }
                },
                "firstLocation": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "secondLocation": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          },
          "spec": {
            "type": [
              "string",
              "null"
            ]
          },
          "figures": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "table",
                    "population",
                    "row",
                    "column",
                    "first",
                    "second",
                    "change"
                  ],
                  "properties": {
                    "table": {
                      "type": "string"
                    },
                    "population": {
                      "type": "string"
                    },
                    "row": {
                      "type": "string"
                    },
                    "column": {
                      "type": "string"
                    },
                    "first": {
                      "$ref": "#/components/schemas/compare/$defs/figure"
                    },
                    "second": {
                      "$ref": "#/components/schemas/compare/$defs/figure"
                    },
                    "change": {
                      "type": [
                        "number",
                        "null"
                      ]
                    }
                  }
                }
              }
            ]
          }
        },
        "$defs": {
          "cut": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "folder",
              "cutoff",
              "subjects"
            ],
            "properties": {
              "folder": {
                "type": "string"
              },
              "cutoff": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "subjects": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "response": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "AVALC",
              "explanation"
            ],
            "properties": {
              "AVALC": {
                "$ref": "#/components/schemas/common/$defs/responseCode"
              },
              "explanation": {
                "$ref": "#/components/schemas/common/$defs/explanation"
              }
            }
          },
          "figure": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "value",
                  "upperValue",
                  "formatted"
                ],
                "properties": {
                  "value": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "upperValue": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "formatted": {
                    "type": "string"
                  }
                }
              }
            ]
          }
        }
      },
      "concordance": {
        "title": "readout concordance --format json",
        "description": "Two evaluators' confirmed best overall responses compared subject by subject\#
.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "first",
          "second",
          "subjects",
          "table",
          "categoryAgreement",
          "responderAgreement",
          "disagreements"
        ],
        "properties": {
          "document": {
            "const": "concordance"
          },
          "schemaVersion": true,
          "engine": true,
          "first": {
            "type": "string"
          },
          "second": {
            "type": "string"
          },
          "subjects": {
            "type": "integer",
            "minimum": 0
          },
          "table": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "first",
                "second",
                "subjects"
              ],
              "properties": {
                "first": {
                  "$ref": "#/components/schemas/common/$defs/responseCode"
                },
                "second": {
                  "$ref": "#/components/schemas/common/$defs/responseCode"
                },
                "subjects": {
                  "type": "integer",
                  "minimum": 1
                }
              }
            }
          },
          "categoryAgreement": {
            "$ref": "#/components/schemas/concordance/$defs/rate"
          },
          "responderAgreement": {
            "$ref": "#/components/schemas/concordance/$defs/rate"
          },
          "disagreements": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "USUBJID",
                "first",
                "second"
              ],
              "properties": {
                "USUBJID": {
                  "type": "string"
                },
                "first": {
                  "$ref": "#/components/schemas/concordance/$defs/assessment"
                },
                "second": {
                  "$ref": "#/components/schemas/concordance/$defs/assessment"
                }
              }
            }
          }
        },
        "$defs": {
          "rate": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "count",
              "percent",
              "text"
            ],
            "properties": {
              "count": {
                "type": "integer",
                "minimum": 0
              },
              "percent": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0,
                "maximum": 100
              },
              "text": {
                "type": "string"
              }
            }
          },
          "assessment": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "AVALC",
              "explanation"
            ],
            "properties": {
              "AVALC": {
                "$ref": "#/components/schemas/common/$defs/responseCode"
              },
              "explanation": {
                "$ref": "#/components/schemas/common/$defs/explanation"
              }
            }
          }
        }
      },
      "counted": {
        "title": "The subjects behind one count of a run",
        "description": "GET /api/v1/runs/{run}/counted?id=ARD-ROW-ID.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "run",
          "id",
          "population",
          "groupingVariable",
          "groupingLevel",
          "value",
          "USUBJID"
        ],
        "properties": {
          "document": {
            "const": "counted"
          },
          "schemaVersion": true,
          "engine": true,
          "run": {
            "type": "integer",
            "minimum": 1
          },
          "id": {
            "type": "string"
          },
          "population": {
            "type": "string"
          },
          "groupingVariable": {
            "type": "string"
          },
          "groupingLevel": {
            "type": "string"
          },
          "value": {
            "type": "integer",
            "minimum": 0
          },
          "USUBJID": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "cut": {
        "title": "A stored data cut",
        "description": "GET /api/v1/cuts/{cut}; POST /api/v1/studies/{study}/cuts.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "cut"
        ],
        "properties": {
          "document": {
            "const": "cut"
          },
          "schemaVersion": true,
          "engine": true,
          "cut": {
            "$ref": "#/components/schemas/server/$defs/cut"
          }
        }
      },
      "cuts": {
        "title": "A study's data cuts",
        "description": "GET /api/v1/studies/{study}/cuts.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "cuts"
        ],
        "properties": {
          "document": {
            "const": "cuts"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "type": "string"
          },
          "cuts": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/server/$defs/cut"
            }
          }
        }
      },
      "error": {
        "title": "A content error under --format json",
        "description": "Printed instead of the command's document when an input cannot be used (exit\#
 status 2).",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "problems"
        ],
        "properties": {
          "document": {
            "const": "error"
          },
          "schemaVersion": true,
          "engine": true,
          "problems": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/common/$defs/problem"
            }
          }
        }
      },
      "escalate-combination": {
        "title": "A two-drug combination escalation conducted from a study's data",
        "description": "readout escalate STUDY --combination --format json (docs/combinations.md).",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "target",
          "drugA",
          "drugB",
          "cohorts",
          "treated",
          "evaluable",
          "dlts",
          "eliminated",
          "estimates",
          "mtd",
          "leftOut"
        ],
        "properties": {
          "document": {
            "const": "escalate-combination"
          },
          "schemaVersion": true,
          "engine": true,
          "target": {
            "type": "number"
          },
          "drugA": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "treatment",
              "doses",
              "unit"
            ],
            "properties": {
              "treatment": {
                "type": "string"
              },
              "doses": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              },
              "unit": {
                "type": [
                  "string",
                  "null"
                ]
              }
            }
          },
          "drugB": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "treatment",
              "doses",
              "unit"
            ],
            "properties": {
              "treatment": {
                "type": "string"
              },
              "doses": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              },
              "unit": {
                "type": [
                  "string",
                  "null"
                ]
              }
            }
          },
          "cohorts": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "number",
                "pair",
                "doseA",
                "doseB",
                "subjects",
                "firstDose",
                "evaluable",
                "dlts",
                "decision",
                "departure"
              ],
              "properties": {
                "number": {
                  "type": "integer",
                  "minimum": 1
                },
                "pair": {
                  "type": "array",
                  "items": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "minItems": 2,
                  "maxItems": 2
                },
                "doseA": {
                  "type": "number"
                },
                "doseB": {
                  "type": "number"
                },
                "subjects": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "firstDose": {
                  "type": "string",
                  "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                },
                "evaluable": {
                  "type": "integer",
                  "minimum": 0
                },
                "dlts": {
                  "type": "integer",
                  "minimum": 0
                },
                "decision": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "kind",
                    "next",
                    "candidates",
                    "eliminates"
                  ],
                  "properties": {
                    "kind": {
                      "enum": [
                        "escalate",
                        "stay",
                        "de-escalate",
                        "stop"
                      ]
                    },
                    "next": {
                      "oneOf": [
                        {
                          "type": "null"
                        },
                        {
                          "type": "array",
                          "items": {
                            "type": "integer",
                            "minimum": 1
                          },
                          "minItems": 2,
                          "maxItems": 2
                        }
                      ]
                    },
                    "candidates": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "pair",
                          "probability",
                          "patients"
                        ],
                        "properties": {
                          "pair": {
                            "type": "array",
                            "items": {
                              "type": "integer",
                              "minimum": 1
                            },
                            "minItems": 2,
                            "maxItems": 2
                          },
                          "probability": {
                            "type": "number",
                            "minimum": 0,
                            "maximum": 1
                          },
                          "patients": {
                            "type": "integer",
                            "minimum": 0
                          }
                        }
                      }
                    },
                    "eliminates": {
                      "type": "boolean"
                    }
                  }
                },
                "departure": {
                  "oneOf": [
                    {
                      "type": "null"
                    },
                    {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "kind",
                        "next",
                        "candidates",
                        "eliminates"
                      ],
                      "properties": {
                        "kind": {
                          "enum": [
                            "escalate",
                            "stay",
                            "de-escalate",
                            "stop"
                          ]
                        },
                        "next": {
                          "oneOf": [
                            {
                              "type": "null"
                            },
                            {
                              "type": "array",
                              "items": {
                                "type": "integer",
                                "minimum": 1
                              },
                              "minItems": 2,
                              "maxItems": 2
                            }
                          ]
                        },
                        "candidates": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": [
                              "pair",
                              "probability",
                              "patients"
                            ],
                            "properties": {
                              "pair": {
                                "type": "array",
                                "items": {
                                  "type": "integer",
                                  "minimum": 1
                                },
                                "minItems": 2,
                                "maxItems": 2
                              },
                              "probability": {
                                "type": "number",
                                "minimum": 0,
                                "maximum": 1
                              },
                              "patients": {
                                "type": "integer",
                                "minimum": 0
                              }
                            }
                          }
                        },
                        "eliminates": {
                          "type": "boolean"
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "treated": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "evaluable": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "dlts": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "eliminated": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": "boolean"
              }
            }
          },
          "estimates": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          },
          "mtd": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "array",
                "items": {
                  "type": "integer",
                  "minimum": 1
                },
                "minItems": 2,
                "maxItems": 2
              }
            ]
          },
          "leftOut": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "subject",
                "treatments"
              ],
              "properties": {
                "subject": {
                  "type": "string"
                },
                "treatments": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          }
        }
      },
      "escalate-optimal-dose": {
        "title": "A BOIN12 trial conducted from a study's data",
        "description": "readout escalate STUDY --design boin12 --format json (docs/optimal-dose.md).\#
",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "design",
          "efficacy",
          "doses",
          "doseUnit",
          "cohorts",
          "rows",
          "obd"
        ],
        "properties": {
          "document": {
            "const": "escalate-optimal-dose"
          },
          "schemaVersion": true,
          "engine": true,
          "design": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "design",
              "toxicityTarget",
              "efficacyLowest",
              "utilities",
              "benchmarkUtility",
              "toxicityCutoff",
              "efficacyCutoff",
              "safetyThreshold",
              "exploration",
              "earlyStop"
            ],
            "properties": {
              "design": {
                "const": "boin12"
              },
              "toxicityTarget": {
                "type": "number"
              },
              "efficacyLowest": {
                "type": "number"
              },
              "utilities": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "efficacyWithoutToxicity",
                  "neither",
                  "both",
                  "toxicityWithoutEfficacy"
                ],
                "properties": {
                  "efficacyWithoutToxicity": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  },
                  "neither": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  },
                  "both": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  },
                  "toxicityWithoutEfficacy": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  }
                }
              },
              "benchmarkUtility": {
                "type": "number"
              },
              "toxicityCutoff": {
                "type": "number"
              },
              "efficacyCutoff": {
                "type": "number"
              },
              "safetyThreshold": {
                "type": "integer",
                "minimum": 0
              },
              "exploration": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "earlyStop": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              }
            }
          },
          "efficacy": {
            "enum": [
              "confirmed",
              "best"
            ]
          },
          "doses": {
            "type": "array",
            "items": {
              "type": "number"
            }
          },
          "doseUnit": {
            "type": [
              "string",
              "null"
            ]
          },
          "cohorts": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "number",
                "doseLevel",
                "dose",
                "subjects",
                "firstDose",
                "evaluable",
                "toxicities",
                "responses",
                "both",
                "decision",
                "departure"
              ],
              "properties": {
                "number": {
                  "type": "integer",
                  "minimum": 1
                },
                "doseLevel": {
                  "type": "integer",
                  "minimum": 1
                },
                "dose": {
                  "type": "number"
                },
                "subjects": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "firstDose": {
                  "type": "string",
                  "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                },
                "evaluable": {
                  "type": "integer",
                  "minimum": 0
                },
                "toxicities": {
                  "type": "integer",
                  "minimum": 0
                },
                "responses": {
                  "type": "integer",
                  "minimum": 0
                },
                "both": {
                  "type": "integer",
                  "minimum": 0
                },
                "decision": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "kind",
                    "nextDoseLevel",
                    "reason",
                    "sentence",
                    "candidates",
                    "eliminatedForToxicity",
                    "eliminatedForFutility"
                  ],
                  "properties": {
                    "kind": {
                      "enum": [
                        "escalate",
                        "stay",
                        "de-escalate",
                        "stop",
                        "stop-without-obd"
                      ]
                    },
                    "nextDoseLevel": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 1
                    },
                    "reason": {
                      "enum": [
                        "most-desirable",
                        "too-toxic",
                        "exploration",
                        "enough-patients",
                        "lowest-dose-too-toxic",
                        "every-dose-eliminated"
                      ]
                    },
                    "sentence": {
                      "type": "string"
                    },
                    "candidates": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "doseLevel",
                          "desirability"
                        ],
                        "properties": {
                          "doseLevel": {
                            "type": "integer",
                            "minimum": 1
                          },
                          "desirability": {
                            "type": "number",
                            "minimum": 0,
                            "maximum": 1
                          }
                        }
                      }
                    },
                    "eliminatedForToxicity": {
                      "type": "boolean"
                    },
                    "eliminatedForFutility": {
                      "type": "boolean"
                    }
                  }
                },
                "departure": {
                  "oneOf": [
                    {
                      "type": "null"
                    },
                    {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "kind",
                        "nextDoseLevel",
                        "reason",
                        "sentence",
                        "candidates",
                        "eliminatedForToxicity",
                        "eliminatedForFutility"
                      ],
                      "properties": {
                        "kind": {
                          "enum": [
                            "escalate",
                            "stay",
                            "de-escalate",
                            "stop",
                            "stop-without-obd"
                          ]
                        },
                        "nextDoseLevel": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 1
                        },
                        "reason": {
                          "enum": [
                            "most-desirable",
                            "too-toxic",
                            "exploration",
                            "enough-patients",
                            "lowest-dose-too-toxic",
                            "every-dose-eliminated"
                          ]
                        },
                        "sentence": {
                          "type": "string"
                        },
                        "candidates": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": [
                              "doseLevel",
                              "desirability"
                            ],
                            "properties": {
                              "doseLevel": {
                                "type": "integer",
                                "minimum": 1
                              },
                              "desirability": {
                                "type": "number",
                                "minimum": 0,
                                "maximum": 1
                              }
                            }
                          }
                        },
                        "eliminatedForToxicity": {
                          "type": "boolean"
                        },
                        "eliminatedForFutility": {
                          "type": "boolean"
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "rows": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "level",
                "dose",
                "treated",
                "evaluable",
                "toxicities",
                "responses",
                "both",
                "eliminated"
              ],
              "properties": {
                "level": {
                  "type": "integer",
                  "minimum": 1
                },
                "dose": {
                  "type": "number"
                },
                "treated": {
                  "type": "integer",
                  "minimum": 0
                },
                "evaluable": {
                  "type": "integer",
                  "minimum": 0
                },
                "toxicities": {
                  "type": "integer",
                  "minimum": 0
                },
                "responses": {
                  "type": "integer",
                  "minimum": 0
                },
                "both": {
                  "type": "integer",
                  "minimum": 0
                },
                "eliminated": {
                  "type": "boolean"
                }
              }
            }
          },
          "obd": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "doseLevel",
              "estimatedMTD",
              "toxicityEstimates",
              "efficacyEstimates",
              "utilityEstimates",
              "stoppedWithoutOBD"
            ],
            "properties": {
              "doseLevel": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "estimatedMTD": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "toxicityEstimates": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "type": "number"
                }
              },
              "efficacyEstimates": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "type": "number"
                }
              },
              "utilityEstimates": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              },
              "stoppedWithoutOBD": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "kind",
                      "nextDoseLevel",
                      "reason",
                      "sentence",
                      "candidates",
                      "eliminatedForToxicity",
                      "eliminatedForFutility"
                    ],
                    "properties": {
                      "kind": {
                        "enum": [
                          "escalate",
                          "stay",
                          "de-escalate",
                          "stop",
                          "stop-without-obd"
                        ]
                      },
                      "nextDoseLevel": {
                        "type": [
                          "integer",
                          "null"
                        ],
                        "minimum": 1
                      },
                      "reason": {
                        "enum": [
                          "most-desirable",
                          "too-toxic",
                          "exploration",
                          "enough-patients",
                          "lowest-dose-too-toxic",
                          "every-dose-eliminated"
                        ]
                      },
                      "sentence": {
                        "type": "string"
                      },
                      "candidates": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "additionalProperties": false,
                          "required": [
                            "doseLevel",
                            "desirability"
                          ],
                          "properties": {
                            "doseLevel": {
                              "type": "integer",
                              "minimum": 1
                            },
                            "desirability": {
                              "type": "number",
                              "minimum": 0,
                              "maximum": 1
                            }
                          }
                        }
                      },
                      "eliminatedForToxicity": {
                        "type": "boolean"
                      },
                      "eliminatedForFutility": {
                        "type": "boolean"
                      }
                    }
                  }
                ]
              }
            }
          }
        }
      },
      "escalate": {
        "title": "readout escalate --format json",
        "description": "A dose-escalation conduct from a study's data, a design's decision table, or\#
 one decision.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/escalate/$defs/conduct"
          },
          {
            "$ref": "#/components/schemas/escalate/$defs/decisionTable"
          },
          {
            "$ref": "#/components/schemas/escalate/$defs/decision"
          }
        ],
        "$defs": {
          "decision": {
            "type": "object",
            "$ref": "#/components/schemas/common/$defs/envelope",
            "additionalProperties": false,
            "required": [
              "document",
              "schemaVersion",
              "engine",
              "mode",
              "design",
              "treated",
              "dlts",
              "currentLevel",
              "decision",
              "mtdIfEndedNow"
            ],
            "properties": {
              "document": {
                "const": "escalate"
              },
              "schemaVersion": true,
              "engine": true,
              "mode": {
                "const": "decision"
              },
              "design": {
                "type": "string"
              },
              "treated": {
                "type": "array",
                "items": {
                  "type": "integer",
                  "minimum": 0
                }
              },
              "dlts": {
                "type": "array",
                "items": {
                  "type": "integer",
                  "minimum": 0
                }
              },
              "currentLevel": {
                "type": "integer",
                "minimum": 1
              },
              "decision": {
                "$ref": "#/components/schemas/escalate/$defs/decisionValue"
              },
              "mtdIfEndedNow": {
                "$ref": "#/components/schemas/escalate/$defs/mtd"
              }
            }
          },
          "decisionTable": {
            "type": "object",
            "$ref": "#/components/schemas/common/$defs/envelope",
            "additionalProperties": false,
            "required": [
              "document",
              "schemaVersion",
              "engine",
              "mode",
              "design",
              "parameters",
              "rows"
            ],
            "properties": {
              "document": {
                "const": "escalate"
              },
              "schemaVersion": true,
              "engine": true,
              "mode": {
                "const": "decision-table"
              },
              "design": {
                "type": "string"
              },
              "parameters": {
                "$ref": "#/components/schemas/escalate/$defs/parameters"
              },
              "rows": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "treated",
                    "decisions"
                  ],
                  "properties": {
                    "treated": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "decisions": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "dlts",
                          "decision"
                        ],
                        "properties": {
                          "dlts": {
                            "type": "integer",
                            "minimum": 0
                          },
                          "decision": {
                            "$ref": "#/components/schemas/escalate/$defs/decisionCode"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "conduct": {
            "type": "object",
            "$ref": "#/components/schemas/common/$defs/envelope",
            "additionalProperties": false,
            "required": [
              "document",
              "schemaVersion",
              "engine",
              "mode",
              "design",
              "asOf",
              "doseUnit",
              "doses",
              "cohorts",
              "byDose",
              "mtd",
              "finalDecision",
              "expansionArms",
              "pending",
              "decisionWithPending",
              "dosingIntervalDays"
            ],
            "properties": {
              "document": {
                "const": "escalate"
              },
              "schemaVersion": true,
              "engine": true,
              "mode": {
                "const": "conduct"
              },
              "design": {
                "type": "string"
              },
              "asOf": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "doseUnit": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "doses": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              },
              "cohorts": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "cohort",
                    "level",
                    "dose",
                    "USUBJID",
                    "evaluable",
                    "dlts",
                    "firstDoseDate",
                    "decision",
                    "departure"
                  ],
                  "properties": {
                    "cohort": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "level": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "dose": {
                      "type": "number"
                    },
                    "USUBJID": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "evaluable": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "dlts": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "firstDoseDate": {
                      "$ref": "#/components/schemas/common/$defs/date"
                    },
                    "decision": {
                      "$ref": "#/components/schemas/escalate/$defs/decisionValue"
                    },
                    "departure": {
                      "oneOf": [
                        {
                          "type": "null"
                        },
                        {
                          "type": "object",
                          "additionalProperties": false,
                          "required": [
                            "dlts",
                            "evaluable",
                            "fromDose",
                            "toDose",
                            "did",
                            "designSaid",
                            "text"
                          ],
                          "properties": {
                            "dlts": {
                              "type": "integer"
                            },
                            "evaluable": {
                              "type": "integer"
                            },
                            "fromDose": {
                              "type": "number"
                            },
                            "toDose": {
                              "type": "number"
                            },
                            "did": {
                              "$ref": "#/components/schemas/escalate/$defs/decisionValue"
                            },
                            "designSaid": {
                              "$ref": "#/components/schemas/escalate/$defs/decisionValue"
                            },
                            "text": {
                              "type": "string"
                            }
                          }
                        }
                      ]
                    }
                  }
                }
              },
              "byDose": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "level",
                    "dose",
                    "treated",
                    "evaluable",
                    "dlts",
                    "confirmedPR",
                    "unconfirmedPR",
                    "CR",
                    "durableSD",
                    "expansion"
                  ],
                  "properties": {
                    "level": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "dose": {
                      "type": "number"
                    },
                    "treated": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "evaluable": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "dlts": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "confirmedPR": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "unconfirmedPR": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "CR": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "durableSD": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "expansion": {
                      "type": "integer",
                      "minimum": 0
                    }
                  }
                }
              },
              "mtd": {
                "$ref": "#/components/schemas/escalate/$defs/mtd"
              },
              "finalDecision": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "$ref": "#/components/schemas/escalate/$defs/decisionValue"
                  }
                ]
              },
              "expansionArms": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "arm",
                    "subjects"
                  ],
                  "properties": {
                    "arm": {
                      "type": "string"
                    },
                    "subjects": {
                      "type": "integer",
                      "minimum": 0
                    }
                  }
                }
              },
              "pending": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "USUBJID",
                    "level",
                    "daysObserved"
                  ],
                  "properties": {
                    "USUBJID": {
                      "type": "string"
                    },
                    "level": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "daysObserved": {
                      "type": "integer",
                      "minimum": 0
                    }
                  }
                }
              },
              "decisionWithPending": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "action",
                      "text"
                    ],
                    "properties": {
                      "action": {
                        "enum": [
                          "suspend",
                          "wait",
                          "escalate",
                          "stay",
                          "de-escalate",
                          "eliminate",
                          "stop",
                          "expand"
                        ]
                      },
                      "text": {
                        "type": "string"
                      }
                    }
                  }
                ]
              },
              "dosingIntervalDays": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          },
          "decisionCode": {
            "enum": [
              "escalate",
              "stay",
              "de-escalate",
              "eliminate",
              "stop",
              "expand"
            ]
          },
          "decisionValue": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "code",
              "text"
            ],
            "properties": {
              "code": {
                "$ref": "#/components/schemas/escalate/$defs/decisionCode"
              },
              "text": {
                "type": "string"
              }
            }
          },
          "mtd": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "level",
              "dose",
              "estimates",
              "reason"
            ],
            "properties": {
              "level": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "dose": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "estimates": {
                "type": "array",
                "items": {
                  "type": [
                    "number",
                    "null"
                  ],
                  "minimum": 0,
                  "maximum": 1
                }
              },
              "reason": {
                "type": "string"
              }
            }
          },
          "parameters": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name",
                "value"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "value": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "health": {
        "title": "The server is up",
        "description": "GET /api/v1/health.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "status"
        ],
        "properties": {
          "document": {
            "const": "health"
          },
          "schemaVersion": true,
          "engine": true,
          "status": {
            "const": "ok"
          }
        }
      },
      "job": {
        "title": "A background job",
        "description": "GET /api/v1/jobs/{job}; POST /api/v1/cuts/{cut}/runs; POST /api/v1/simulatio\#
ns.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "job"
        ],
        "properties": {
          "document": {
            "const": "job"
          },
          "schemaVersion": true,
          "engine": true,
          "job": {
            "$ref": "#/components/schemas/server/$defs/job"
          }
        }
      },
      "jobs": {
        "title": "The most recent jobs",
        "description": "GET /api/v1/jobs.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "jobs"
        ],
        "properties": {
          "document": {
            "const": "jobs"
          },
          "schemaVersion": true,
          "engine": true,
          "jobs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/server/$defs/job"
            }
          }
        }
      },
      "psa": {
        "title": "readout psa --format json",
        "description": "Every subject's PSA endpoints by PCWG3 from LB: baseline, changes, PSA50/PSA\#
90, progression.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "cutoff",
          "criteria",
          "options",
          "records",
          "subjects",
          "summary",
          "notUsed",
          "problems"
        ],
        "properties": {
          "document": {
            "const": "psa"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "type": [
              "string",
              "null"
            ]
          },
          "cutoff": {
            "$ref": "#/components/schemas/common/$defs/dateOrNull"
          },
          "criteria": {
            "const": "PCWG3"
          },
          "options": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "psa-test-code",
              "psa-response-decline",
              "psa-deep-response-decline",
              "psa-confirmation-days",
              "psa-progression-increase",
              "psa-progression-absolute",
              "psa-no-decline-weeks"
            ],
            "properties": {
              "psa-test-code": {
                "type": "string"
              },
              "psa-response-decline": {
                "type": "number"
              },
              "psa-deep-response-decline": {
                "type": "number"
              },
              "psa-confirmation-days": {
                "type": "integer",
                "minimum": 0
              },
              "psa-progression-increase": {
                "type": "number",
                "minimum": 0
              },
              "psa-progression-absolute": {
                "type": "number",
                "minimum": 0
              },
              "psa-no-decline-weeks": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "records": {
            "type": "integer",
            "minimum": 0
          },
          "subjects": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/psa/$defs/subject"
            }
          },
          "summary": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "subjects",
              "evaluable",
              "PSA50URS",
              "PSA50CRS",
              "PSA90URS",
              "PSA90CRS",
              "progressions"
            ],
            "properties": {
              "subjects": {
                "type": "integer",
                "minimum": 0
              },
              "evaluable": {
                "type": "integer",
                "minimum": 0
              },
              "PSA50URS": {
                "type": "integer",
                "minimum": 0
              },
              "PSA50CRS": {
                "type": "integer",
                "minimum": 0
              },
              "PSA90URS": {
                "type": "integer",
                "minimum": 0
              },
              "PSA90CRS": {
                "type": "integer",
                "minimum": 0
              },
              "progressions": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "notUsed": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "reason",
                "count"
              ],
              "properties": {
                "reason": {
                  "type": "string"
                },
                "count": {
                  "type": "integer",
                  "minimum": 1
                }
              }
            }
          },
          "problems": {
            "$ref": "#/components/schemas/common/$defs/problems"
          }
        },
        "$defs": {
          "value": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "ADT",
              "AVAL",
              "PCHG"
            ],
            "properties": {
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "AVAL": {
                "type": "number"
              },
              "PCHG": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          },
          "outcome": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "PARAMCD",
              "AVALC",
              "ADT",
              "confirmationDate",
              "text"
            ],
            "properties": {
              "PARAMCD": {
                "enum": [
                  "PSA50URS",
                  "PSA50CRS",
                  "PSA90URS",
                  "PSA90CRS"
                ]
              },
              "AVALC": {
                "enum": [
                  "Y",
                  "N",
                  "MISSING"
                ]
              },
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "confirmationDate": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "text": {
                "type": "string",
                "minLength": 1
              }
            }
          },
          "subject": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "USUBJID",
              "TRTSDT",
              "baseline",
              "values",
              "bestPCHG",
              "PSA50URS",
              "PSA50CRS",
              "PSA90URS",
              "PSA90CRS",
              "progression",
              "progressionText",
              "TTPP"
            ],
            "properties": {
              "USUBJID": {
                "type": "string"
              },
              "TRTSDT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "baseline": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "ADT",
                      "AVAL"
                    ],
                    "properties": {
                      "ADT": {
                        "$ref": "#/components/schemas/common/$defs/date"
                      },
                      "AVAL": {
                        "type": "number"
                      }
                    }
                  }
                ]
              },
              "values": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/psa/$defs/value"
                }
              },
              "bestPCHG": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "PSA50URS": {
                "$ref": "#/components/schemas/psa/$defs/outcome"
              },
              "PSA50CRS": {
                "$ref": "#/components/schemas/psa/$defs/outcome"
              },
              "PSA90URS": {
                "$ref": "#/components/schemas/psa/$defs/outcome"
              },
              "PSA90CRS": {
                "$ref": "#/components/schemas/psa/$defs/outcome"
              },
              "progression": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "ADT",
                      "AVAL",
                      "nadir",
                      "afterDecline",
                      "confirmationDate"
                    ],
                    "properties": {
                      "ADT": {
                        "$ref": "#/components/schemas/common/$defs/date"
                      },
                      "AVAL": {
                        "type": "number"
                      },
                      "nadir": {
                        "type": "number"
                      },
                      "afterDecline": {
                        "type": "boolean"
                      },
                      "confirmationDate": {
                        "$ref": "#/components/schemas/common/$defs/date"
                      }
                    }
                  }
                ]
              },
              "progressionText": {
                "type": "string",
                "minLength": 1
              },
              "TTPP": {
                "$ref": "#/components/schemas/common/$defs/timeToEventOrNull"
              }
            }
          }
        }
      },
      "readout": {
        "title": "readout report: readout.json",
        "description": "Everything a readout states, computed from the data by the spec; percentages\#
 in percent.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "title",
          "provenance",
          "settings",
          "populations",
          "response",
          "unconfirmedResponders",
          "baseline",
          "exposure",
          "followUp",
          "timeToEvent",
          "narrative",
          "dataWarnings"
        ],
        "properties": {
          "document": {
            "const": "readout"
          },
          "schemaVersion": true,
          "engine": true,
          "title": {
            "type": "string"
          },
          "provenance": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "spec",
              "specSHA256",
              "cutoff",
              "inputs"
            ],
            "properties": {
              "spec": {
                "type": "string"
              },
              "specSHA256": {
                "$ref": "#/components/schemas/common/$defs/sha256"
              },
              "cutoff": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "inputs": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "file",
                    "sha256"
                  ],
                  "properties": {
                    "file": {
                      "type": "string"
                    },
                    "sha256": {
                      "$ref": "#/components/schemas/common/$defs/sha256"
                    }
                  }
                }
              }
            }
          },
          "settings": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "percentDecimals",
              "ciMethod",
              "ciLevel"
            ],
            "properties": {
              "percentDecimals": {
                "type": "integer",
                "minimum": 0
              },
              "ciMethod": {
                "enum": [
                  "clopper-pearson",
                  "wilson",
                  "wilson-cc",
                  "jeffreys",
                  "agresti-coull"
                ]
              },
              "ciLevel": {
                "type": "number",
                "minimum": 0,
                "maximum": 1
              }
            }
          },
          "populations": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name",
                "label",
                "definition",
                "parent",
                "N",
                "USUBJID"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "label": {
                  "type": "string"
                },
                "definition": {
                  "type": "string"
                },
                "parent": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "N": {
                  "type": "integer",
                  "minimum": 0
                },
                "USUBJID": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "response": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "population",
                "label",
                "N",
                "responders",
                "confirmedResponders",
                "confirmedBOR",
                "diseaseControl",
                "clinicalBenefit",
                "durableSD",
                "unconfirmed",
                "unconfirmedReasons"
              ],
              "properties": {
                "population": {
                  "type": "string"
                },
                "label": {
                  "type": "string"
                },
                "N": {
                  "type": "integer",
                  "minimum": 0
                },
                "responders": {
                  "$ref": "#/components/schemas/readout/$defs/proportion"
                },
                "confirmedResponders": {
                  "$ref": "#/components/schemas/readout/$defs/proportion"
                },
                "confirmedBOR": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "AVALC",
                      "count"
                    ],
                    "properties": {
                      "AVALC": {
                        "$ref": "#/components/schemas/common/$defs/responseCode"
                      },
                      "count": {
                        "type": "integer",
                        "minimum": 0
                      }
                    }
                  }
                },
                "diseaseControl": {
                  "$ref": "#/components/schemas/readout/$defs/proportion"
                },
                "clinicalBenefit": {
                  "$ref": "#/components/schemas/readout/$defs/proportion"
                },
                "durableSD": {
                  "type": "integer",
                  "minimum": 0
                },
                "unconfirmed": {
                  "type": "integer",
                  "minimum": 0
                },
                "unconfirmedReasons": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "reason",
                      "count"
                    ],
                    "properties": {
                      "reason": {
                        "type": "string"
                      },
                      "count": {
                        "type": "integer",
                        "minimum": 1
                      }
                    }
                  }
                }
              }
            }
          },
          "unconfirmedResponders": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "USUBJID",
                "BOR",
                "firstResponseDate",
                "reason",
                "explanation"
              ],
              "properties": {
                "USUBJID": {
                  "type": "string"
                },
                "BOR": {
                  "$ref": "#/components/schemas/common/$defs/responseCode"
                },
                "firstResponseDate": {
                  "$ref": "#/components/schemas/common/$defs/dateOrNull"
                },
                "reason": {
                  "type": "string"
                },
                "explanation": {
                  "type": "string"
                }
              }
            }
          },
          "baseline": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "$ref": "#/components/schemas/readout/$defs/summaryTable"
              }
            ]
          },
          "exposure": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "$ref": "#/components/schemas/readout/$defs/summaryTable"
              }
            ]
          },
          "followUp": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "population",
              "method",
              "n",
              "medianDays",
              "medianMonths",
              "medianWeeks",
              "minMonths",
              "maxMonths"
            ],
            "properties": {
              "population": {
                "type": "string"
              },
              "method": {
                "enum": [
                  "observation",
                  "reverse-km"
                ]
              },
              "n": {
                "type": "integer",
                "minimum": 0
              },
              "medianDays": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "medianMonths": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "medianWeeks": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "minMonths": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "maxMonths": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          },
          "timeToEvent": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "PARAMCD",
                "endpoint",
                "population",
                "n",
                "events",
                "medianMonths",
                "lowerMonths",
                "upperMonths"
              ],
              "properties": {
                "PARAMCD": {
                  "enum": [
                    "PFS",
                    "RSD",
                    "OS"
                  ]
                },
                "endpoint": {
                  "type": "string"
                },
                "population": {
                  "type": "string"
                },
                "n": {
                  "type": "integer",
                  "minimum": 0
                },
                "events": {
                  "type": "integer",
                  "minimum": 0
                },
                "medianMonths": {
                  "type": [
                    "number",
                    "null"
                  ],
                  "description": "null: not reached"
                },
                "lowerMonths": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "upperMonths": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              }
            }
          },
          "narrative": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "dataWarnings": {
            "type": "integer",
            "minimum": 0
          }
        },
        "$defs": {
          "proportion": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "count",
              "N",
              "percent",
              "lower",
              "upper",
              "text",
              "intervalText"
            ],
            "properties": {
              "count": {
                "type": "integer",
                "minimum": 0
              },
              "N": {
                "type": "integer",
                "minimum": 0
              },
              "percent": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0,
                "maximum": 100
              },
              "lower": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0,
                "maximum": 100
              },
              "upper": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0,
                "maximum": 100
              },
              "text": {
                "type": "string"
              },
              "intervalText": {
                "type": "string"
              }
            }
          },
          "summaryTable": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "title",
              "population",
              "N",
              "lines"
            ],
            "properties": {
              "title": {
                "type": "string"
              },
              "population": {
                "type": "string"
              },
              "N": {
                "type": "integer",
                "minimum": 0
              },
              "lines": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "label",
                    "n",
                    "denominator",
                    "percent",
                    "summary"
                  ],
                  "properties": {
                    "label": {
                      "type": "string"
                    },
                    "n": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    },
                    "denominator": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    },
                    "percent": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "summary": {
                      "oneOf": [
                        {
                          "type": "null"
                        },
                        {
                          "type": "object",
                          "additionalProperties": false,
                          "required": [
                            "n",
                            "mean",
                            "sd",
                            "median",
                            "q1",
                            "q3",
                            "min",
                            "max"
                          ],
                          "properties": {
                            "n": {
                              "type": "integer",
                              "minimum": 0
                            },
                            "mean": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "sd": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "median": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "q1": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "q3": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "min": {
                              "type": [
                                "number",
                                "null"
                              ]
                            },
                            "max": {
                              "type": [
                                "number",
                                "null"
                              ]
                            }
                          }
                        }
                      ]
                    }
                  }
                }
              }
            }
          }
        }
      },
      "recist": {
        "title": "readout recist --format json",
        "description": "RECIST 1.1 visit responses computed from lesion data, compared with the reco\#
rded ones.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "criteria",
          "subjects",
          "comparedVisits",
          "discrepancies",
          "notUsed"
        ],
        "properties": {
          "document": {
            "const": "recist"
          },
          "schemaVersion": true,
          "engine": true,
          "criteria": {
            "const": "RECIST 1.1"
          },
          "subjects": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "USUBJID",
                "baselineDate",
                "BASE",
                "targetLesions",
                "bestPCHG",
                "visits"
              ],
              "properties": {
                "USUBJID": {
                  "type": "string",
                  "minLength": 1
                },
                "baselineDate": {
                  "$ref": "#/components/schemas/common/$defs/dateOrNull"
                },
                "BASE": {
                  "type": [
                    "number",
                    "null"
                  ],
                  "minimum": 0,
                  "description": "Baseline sum of diameters, mm."
                },
                "targetLesions": {
                  "type": "integer",
                  "minimum": 0
                },
                "bestPCHG": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "visits": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/recist/$defs/visit"
                  }
                }
              }
            }
          },
          "comparedVisits": {
            "type": "integer",
            "minimum": 0
          },
          "discrepancies": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "USUBJID",
                "AVISIT",
                "ADT",
                "computed",
                "recorded",
                "why"
              ],
              "properties": {
                "USUBJID": {
                  "type": "string"
                },
                "AVISIT": {
                  "type": "string"
                },
                "ADT": {
                  "$ref": "#/components/schemas/common/$defs/date"
                },
                "computed": {
                  "$ref": "#/components/schemas/common/$defs/responseCode"
                },
                "recorded": {
                  "oneOf": [
                    {
                      "$ref": "#/components/schemas/common/$defs/responseCode"
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "why": {
                  "type": "string"
                }
              }
            }
          },
          "notUsed": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "records",
              "byReason",
              "problems"
            ],
            "properties": {
              "records": {
                "type": "integer",
                "minimum": 0
              },
              "byReason": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "reason",
                    "records"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string"
                    },
                    "records": {
                      "type": "integer",
                      "minimum": 1
                    }
                  }
                }
              },
              "problems": {
                "$ref": "#/components/schemas/common/$defs/problems"
              }
            }
          }
        },
        "$defs": {
          "visit": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "AVISIT",
              "ADT",
              "AVAL",
              "CHG",
              "PCHG",
              "NADIR",
              "PCHGNADIR",
              "targetResponse",
              "nonTargetResponse",
              "newLesion",
              "AVALC",
              "recordedAVALC",
              "agrees",
              "why"
            ],
            "properties": {
              "AVISIT": {
                "type": "string"
              },
              "ADT": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "AVAL": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0,
                "description": "Sum of target-lesion diameters, mm."
              },
              "CHG": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "PCHG": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "NADIR": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0
              },
              "PCHGNADIR": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "targetResponse": {
                "type": "string"
              },
              "nonTargetResponse": {
                "type": "string"
              },
              "newLesion": {
                "type": "boolean"
              },
              "AVALC": {
                "$ref": "#/components/schemas/common/$defs/responseCode"
              },
              "recordedAVALC": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/common/$defs/responseCode"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "agrees": {
                "type": "boolean"
              },
              "why": {
                "type": "string"
              }
            }
          }
        }
      },
      "reporting-event": {
        "title": "readout report: reporting-event.json (ARS-style)",
        "description": "Which analyses, analysis sets, data subsets, grouping factors and methods pr\#
oduced each output, in the terms of the CDISC Analysis Results Standard; resultIds are ard.json row \#
ids.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "reportingEvent",
          "analysisSets",
          "dataSubsets",
          "groupingFactors",
          "methods",
          "analyses",
          "outputs"
        ],
        "properties": {
          "document": {
            "const": "reporting-event"
          },
          "schemaVersion": true,
          "engine": true,
          "reportingEvent": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "cutoff",
              "spec"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "cutoff": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "spec": {
                "type": "string"
              }
            }
          },
          "analysisSets": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/reporting-event/$defs/set"
            }
          },
          "dataSubsets": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/reporting-event/$defs/set"
            }
          },
          "groupingFactors": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "groupingVariable",
                "groups"
              ],
              "properties": {
                "id": {
                  "type": "string",
                  "pattern": "^GF_"
                },
                "groupingVariable": {
                  "type": "string"
                },
                "groups": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "methods": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "name",
                "operations"
              ],
              "properties": {
                "id": {
                  "type": "string",
                  "pattern": "^MTH_"
                },
                "name": {
                  "type": "string"
                },
                "operations": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "analyses": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "analysis",
                "analysisSetId",
                "dataSubsetId",
                "groupingFactorIds",
                "methodIds",
                "outputIds",
                "resultIds"
              ],
              "properties": {
                "id": {
                  "type": "string",
                  "pattern": "^AN_"
                },
                "analysis": {
                  "type": "string"
                },
                "analysisSetId": {
                  "type": "string",
                  "pattern": "^AS_"
                },
                "dataSubsetId": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "pattern": "^DS_"
                },
                "groupingFactorIds": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "methodIds": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "outputIds": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "resultIds": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "outputs": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "id",
                "name",
                "files"
              ],
              "properties": {
                "id": {
                  "type": "string",
                  "pattern": "^OUT_"
                },
                "name": {
                  "type": "string"
                },
                "files": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "$defs": {
          "set": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "condition",
              "N"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "condition": {
                "type": "string"
              },
              "analysisSetId": {
                "type": "string"
              },
              "N": {
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      },
      "responses": {
        "title": "readout responses --format json",
        "description": "Every subject's best overall response with and without confirmation, and why\#
.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "cutoff",
          "criteria",
          "evaluator",
          "source",
          "options",
          "subjects",
          "summary",
          "problems"
        ],
        "properties": {
          "document": {
            "const": "responses"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "type": [
              "string",
              "null"
            ]
          },
          "cutoff": {
            "$ref": "#/components/schemas/common/$defs/dateOrNull"
          },
          "criteria": {
            "enum": [
              "RECIST 1.1",
              "iRECIST",
              "Lugano 2014"
            ]
          },
          "evaluator": {
            "type": "string"
          },
          "source": {
            "enum": [
              "RS",
              "computed from TU/TR"
            ]
          },
          "options": {
            "$ref": "#/components/schemas/common/$defs/responseOptions"
          },
          "subjects": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/responses/$defs/subject"
            }
          },
          "summary": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "subjects",
              "responders",
              "confirmedResponders",
              "diseaseControl",
              "durableStableDisease",
              "otherEvaluatorRecords",
              "notAcceptedReads",
              "otherCategoryRecords",
              "otherMethodRecords"
            ],
            "properties": {
              "subjects": {
                "type": "integer",
                "minimum": 0
              },
              "responders": {
                "type": "integer",
                "minimum": 0
              },
              "confirmedResponders": {
                "type": "integer",
                "minimum": 0
              },
              "diseaseControl": {
                "type": "integer",
                "minimum": 0
              },
              "durableStableDisease": {
                "type": "integer",
                "minimum": 0
              },
              "otherEvaluatorRecords": {
                "type": "integer",
                "minimum": 0
              },
              "notAcceptedReads": {
                "type": "integer",
                "minimum": 0
              },
              "otherCategoryRecords": {
                "type": "integer",
                "minimum": 0
              },
              "otherMethodRecords": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "problems": {
            "$ref": "#/components/schemas/common/$defs/problems"
          }
        },
        "$defs": {
          "subject": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "USUBJID",
              "TRTSDT",
              "RANDDT",
              "cyclesReceived",
              "treatmentDiscontinued",
              "DTHDT",
              "assessments",
              "excluded",
              "sameDateMerges",
              "BOR",
              "CBOR",
              "firstResponseDate",
              "confirmationDate",
              "unconfirmedReason",
              "stableDays",
              "durableStableDisease",
              "diseaseControl",
              "clinicalBenefit",
              "RSD",
              "PFS"
            ],
            "properties": {
              "USUBJID": {
                "type": "string",
                "minLength": 1
              },
              "TRTSDT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "RANDDT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "cyclesReceived": {
                "type": "integer",
                "minimum": 0
              },
              "treatmentDiscontinued": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "DTHDT": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "assessments": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/common/$defs/record"
                }
              },
              "excluded": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "reason",
                    "count",
                    "text"
                  ],
                  "properties": {
                    "reason": {
                      "enum": [
                        "not-treated",
                        "on-or-before-reference-date",
                        "after-first-pd",
                        "after-new-therapy",
                        "no-result",
                        "same-date-as-worse"
                      ]
                    },
                    "count": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "text": {
                      "type": "string"
                    }
                  }
                }
              },
              "sameDateMerges": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/common/$defs/date"
                }
              },
              "BOR": {
                "$ref": "#/components/schemas/common/$defs/bestResponse"
              },
              "CBOR": {
                "$ref": "#/components/schemas/common/$defs/bestResponse"
              },
              "firstResponseDate": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "confirmationDate": {
                "$ref": "#/components/schemas/common/$defs/dateOrNull"
              },
              "unconfirmedReason": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "code",
                      "text"
                    ],
                    "properties": {
                      "code": {
                        "enum": [
                          "not-sustained",
                          "withdrew-before-confirmation",
                          "cutoff-before-confirmation"
                        ]
                      },
                      "text": {
                        "type": "string"
                      }
                    }
                  }
                ]
              },
              "stableDays": {
                "type": [
                  "integer",
                  "null"
                ]
              },
              "durableStableDisease": {
                "type": "boolean"
              },
              "diseaseControl": {
                "type": "boolean"
              },
              "clinicalBenefit": {
                "type": "boolean"
              },
              "RSD": {
                "$ref": "#/components/schemas/common/$defs/timeToEventOrNull"
              },
              "PFS": {
                "$ref": "#/components/schemas/common/$defs/timeToEventOrNull"
              }
            }
          }
        }
      },
      "run": {
        "title": "A stored analysis run",
        "description": "GET /api/v1/runs/{run}.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "run"
        ],
        "properties": {
          "document": {
            "const": "run"
          },
          "schemaVersion": true,
          "engine": true,
          "run": {
            "$ref": "#/components/schemas/server/$defs/run"
          }
        }
      },
      "runs": {
        "title": "A cut's analysis runs",
        "description": "GET /api/v1/cuts/{cut}/runs.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "cut",
          "runs"
        ],
        "properties": {
          "document": {
            "const": "runs"
          },
          "schemaVersion": true,
          "engine": true,
          "cut": {
            "type": "integer",
            "minimum": 1
          },
          "runs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/server/$defs/run"
            }
          }
        }
      },
      "server": {
        "title": "What the server's documents share",
        "description": "Stored files, cuts, runs and jobs, as the server's API returns them (docs/se\#
rver.md).",
        "$defs": {
          "storedFile": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name",
              "sha256"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1
              },
              "sha256": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              }
            }
          },
          "storedSpec": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name",
              "sha256"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1
              },
              "sha256": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              }
            }
          },
          "cut": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "study",
              "label",
              "cutoff",
              "digest",
              "files",
              "validation"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "minimum": 1
              },
              "study": {
                "type": "string"
              },
              "label": {
                "type": "string"
              },
              "cutoff": {
                "$ref": "#/components/schemas/common/$defs/date"
              },
              "digest": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              },
              "files": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/server/$defs/storedFile"
                }
              },
              "validation": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "errors",
                  "warnings",
                  "notes"
                ],
                "properties": {
                  "errors": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "warnings": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "notes": {
                    "type": "integer",
                    "minimum": 0
                  }
                }
              }
            }
          },
          "run": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "cut",
              "spec",
              "digest",
              "files"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "minimum": 1
              },
              "cut": {
                "type": "integer",
                "minimum": 1
              },
              "spec": {
                "$ref": "#/components/schemas/server/$defs/storedSpec"
              },
              "digest": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              },
              "files": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/server/$defs/storedFile"
                }
              },
              "signatures": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/server/$defs/signature"
                },
                "description": "The run's electronic signatures, oldest first (GET /api/v1/runs/{run\#
} only)."
              }
            }
          },
          "job": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "kind",
              "state",
              "cut",
              "spec",
              "attempts",
              "progress",
              "stage",
              "result",
              "error",
              "created",
              "updated"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "minimum": 1
              },
              "kind": {
                "enum": [
                  "readout",
                  "simulation"
                ]
              },
              "state": {
                "enum": [
                  "queued",
                  "running",
                  "succeeded",
                  "failed"
                ]
              },
              "cut": {
                "oneOf": [
                  {
                    "type": "integer",
                    "minimum": 1
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "spec": {
                "$ref": "#/components/schemas/server/$defs/storedSpec"
              },
              "attempts": {
                "type": "integer",
                "minimum": 0
              },
              "progress": {
                "type": "number",
                "minimum": 0,
                "maximum": 1
              },
              "stage": {
                "type": "string"
              },
              "result": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "kind",
                      "id"
                    ],
                    "properties": {
                      "kind": {
                        "enum": [
                          "run",
                          "simulation"
                        ]
                      },
                      "id": {
                        "type": "integer",
                        "minimum": 1
                      }
                    }
                  }
                ]
              },
              "error": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "$ref": "#/components/schemas/error"
                  }
                ]
              },
              "created": {
                "type": "string",
                "format": "date-time"
              },
              "updated": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "user": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name",
              "displayName",
              "siteAdmin",
              "disabled",
              "created"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^[a-z0-9._-]{1,64}$"
              },
              "displayName": {
                "type": "string",
                "minLength": 1
              },
              "siteAdmin": {
                "type": "boolean"
              },
              "disabled": {
                "type": "boolean"
              },
              "created": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "token": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "created",
              "expires",
              "revoked"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "minimum": 1
              },
              "name": {
                "type": "string",
                "minLength": 1
              },
              "created": {
                "type": "string",
                "format": "date-time"
              },
              "expires": {
                "type": "string",
                "format": "date-time"
              },
              "revoked": {
                "oneOf": [
                  {
                    "type": "null"
                  },
                  {
                    "type": "string",
                    "format": "date-time"
                  }
                ]
              }
            }
          },
          "signature": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "user",
              "printedName",
              "meaning",
              "time",
              "runDigest"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "minimum": 1
              },
              "user": {
                "type": "string"
              },
              "printedName": {
                "type": "string",
                "minLength": 1
              },
              "meaning": {
                "enum": [
                  "reviewed",
                  "approved"
                ]
              },
              "time": {
                "type": "string",
                "format": "date-time"
              },
              "runDigest": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              }
            }
          }
        }
      },
      "session": {
        "title": "Who is signed in",
        "description": "POST /api/v1/session (signing in); GET /api/v1/session.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "user",
          "credential",
          "roles",
          "csrf",
          "expires"
        ],
        "properties": {
          "document": {
            "const": "session"
          },
          "schemaVersion": true,
          "engine": true,
          "user": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "$ref": "#/components/schemas/server/$defs/user"
              }
            ]
          },
          "credential": {
            "enum": [
              "none",
              "session",
              "token",
              "open",
              "command-line",
              "system"
            ]
          },
          "roles": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "study",
                "roles"
              ],
              "properties": {
                "study": {
                  "type": "string"
                },
                "roles": {
                  "type": "array",
                  "items": {
                    "enum": [
                      "viewer",
                      "analyst",
                      "approver",
                      "study-admin"
                    ]
                  }
                }
              }
            }
          },
          "csrf": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "string",
                "minLength": 20
              }
            ],
            "description": "The session's CSRF token: send it as X-CSRF-Token with every state-chang\#
ing request made with the session cookie."
          },
          "expires": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "string",
                "format": "date-time"
              }
            ]
          }
        }
      },
      "signatures": {
        "title": "A run's electronic signatures",
        "description": "GET and POST /api/v1/runs/{run}/signatures.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "run",
          "signatures"
        ],
        "properties": {
          "document": {
            "const": "signatures"
          },
          "schemaVersion": true,
          "engine": true,
          "run": {
            "type": "integer",
            "minimum": 1
          },
          "signatures": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/server/$defs/signature"
            }
          }
        }
      },
      "simulate-combination": {
        "title": "Operating characteristics of a drug-combination design",
        "description": "readout simulate FILE --format json, for a file with a combination: block (d\#
ocs/combinations.md).",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "design",
          "trials",
          "seed",
          "fileSHA256",
          "scenarios"
        ],
        "properties": {
          "document": {
            "const": "simulate-combination"
          },
          "schemaVersion": true,
          "engine": true,
          "design": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "design",
              "target",
              "cohorts",
              "cohortSize",
              "earlyStop"
            ],
            "properties": {
              "design": {
                "const": "boin-combination"
              },
              "target": {
                "type": "number"
              },
              "cohorts": {
                "type": "integer",
                "minimum": 1
              },
              "cohortSize": {
                "type": "integer",
                "minimum": 1
              },
              "earlyStop": {
                "type": "integer",
                "minimum": 1
              }
            }
          },
          "trials": {
            "type": "integer",
            "minimum": 1
          },
          "seed": {
            "type": "string",
            "pattern": "^[0-9]+$"
          },
          "fileSHA256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$"
          },
          "scenarios": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name",
                "truth",
                "selectionPercent",
                "meanPatients",
                "meanDLTs",
                "percentNoMTD",
                "percentCorrect"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "truth": {
                  "type": "array",
                  "items": {
                    "type": "array",
                    "items": {
                      "type": "number"
                    }
                  }
                },
                "selectionPercent": {
                  "type": "array",
                  "items": {
                    "type": "array",
                    "items": {
                      "type": "number"
                    }
                  }
                },
                "meanPatients": {
                  "type": "array",
                  "items": {
                    "type": "array",
                    "items": {
                      "type": "number"
                    }
                  }
                },
                "meanDLTs": {
                  "type": "array",
                  "items": {
                    "type": "array",
                    "items": {
                      "type": "number"
                    }
                  }
                },
                "percentNoMTD": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 100
                },
                "percentCorrect": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 100
                }
              }
            }
          }
        }
      },
      "simulate-optimal-dose": {
        "title": "Operating characteristics of a phase I/II (optimal biological dose) design",
        "description": "readout simulate FILE --format json, for a file with an optimal-dose: block \#
(docs/optimal-dose.md).",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "design",
          "trials",
          "seed",
          "fileSHA256",
          "scenarios"
        ],
        "properties": {
          "document": {
            "const": "simulate-optimal-dose"
          },
          "schemaVersion": true,
          "engine": true,
          "design": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "design",
              "toxicityTarget",
              "efficacyLowest",
              "utilities",
              "benchmarkUtility",
              "toxicityCutoff",
              "efficacyCutoff",
              "safetyThreshold",
              "exploration",
              "earlyStop",
              "cohorts",
              "cohortSize",
              "start",
              "boundaries"
            ],
            "properties": {
              "design": {
                "const": "boin12"
              },
              "toxicityTarget": {
                "type": "number"
              },
              "efficacyLowest": {
                "type": "number"
              },
              "utilities": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "efficacyWithoutToxicity",
                  "neither",
                  "both",
                  "toxicityWithoutEfficacy"
                ],
                "properties": {
                  "efficacyWithoutToxicity": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  },
                  "neither": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  },
                  "both": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  },
                  "toxicityWithoutEfficacy": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100
                  }
                }
              },
              "benchmarkUtility": {
                "type": "number"
              },
              "toxicityCutoff": {
                "type": "number"
              },
              "efficacyCutoff": {
                "type": "number"
              },
              "safetyThreshold": {
                "type": "integer",
                "minimum": 0
              },
              "exploration": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "earlyStop": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1
              },
              "cohorts": {
                "type": "integer",
                "minimum": 1
              },
              "cohortSize": {
                "type": "integer",
                "minimum": 1
              },
              "start": {
                "type": "integer",
                "minimum": 1
              },
              "boundaries": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "patients",
                    "escalate",
                    "deEscalate",
                    "eliminateToxicities",
                    "eliminateResponses"
                  ],
                  "properties": {
                    "patients": {
                      "type": "integer",
                      "minimum": 1
                    },
                    "escalate": {
                      "type": "integer"
                    },
                    "deEscalate": {
                      "type": "integer"
                    },
                    "eliminateToxicities": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    },
                    "eliminateResponses": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    }
                  }
                }
              }
            }
          },
          "trials": {
            "type": "integer",
            "minimum": 1
          },
          "seed": {
            "type": "string",
            "pattern": "^[0-9]+$"
          },
          "fileSHA256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$"
          },
          "scenarios": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name",
                "toxicity",
                "efficacy",
                "correlation",
                "trueUtility",
                "trueOBD",
                "selectionPercent",
                "meanPatients",
                "meanToxicities",
                "meanResponses",
                "percentNoOBD",
                "percentCorrect"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "toxicity": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "efficacy": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "correlation": {
                  "type": "number",
                  "minimum": -1,
                  "maximum": 1
                },
                "trueUtility": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "trueOBD": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "minimum": 1
                },
                "selectionPercent": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "meanPatients": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "meanToxicities": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "meanResponses": {
                  "type": "array",
                  "items": {
                    "type": "number"
                  }
                },
                "percentNoOBD": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 100
                },
                "percentCorrect": {
                  "type": [
                    "number",
                    "null"
                  ],
                  "minimum": 0,
                  "maximum": 100
                }
              }
            }
          }
        }
      },
      "simulate": {
        "title": "readout simulate --format json",
        "description": "Operating characteristics as exact integer sums per scenario and design; sha\#
rds of one simulation add up to the whole (readout simulate --merge). Means and percentages are thes\#
e sums divided by trials.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "seed",
          "trials",
          "doses",
          "results"
        ],
        "properties": {
          "document": {
            "const": "simulate"
          },
          "schemaVersion": true,
          "engine": true,
          "seed": {
            "type": "integer",
            "minimum": 0
          },
          "trials": {
            "type": "integer",
            "minimum": 0,
            "description": "Trials simulated (10^9 with exact enumeration: the scale of the sums)."
          },
          "doses": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "target": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "exact": {
            "type": "boolean"
          },
          "fileSHA256": {
            "$ref": "#/components/schemas/common/$defs/sha256"
          },
          "shard": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "index",
              "count"
            ],
            "properties": {
              "index": {
                "type": "integer",
                "minimum": 1
              },
              "count": {
                "type": "integer",
                "minimum": 1
              },
              "by": {
                "enum": [
                  "trials",
                  "scenarios"
                ]
              }
            }
          },
          "designs": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "label",
                "name",
                "parameters"
              ],
              "properties": {
                "label": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "parameters": {
                  "type": "array",
                  "items": {
                    "type": "array",
                    "minItems": 2,
                    "maxItems": 2,
                    "items": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "results": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "scenario",
                "design",
                "trueMTD",
                "oc"
              ],
              "properties": {
                "scenario": {
                  "type": "string"
                },
                "design": {
                  "type": "string"
                },
                "trueMTD": {
                  "type": "integer",
                  "minimum": -1,
                  "description": "The true MTD's level counted from 0; -1: none."
                },
                "truth": {
                  "type": "array",
                  "items": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 1
                  }
                },
                "benchmark": {
                  "type": "boolean"
                },
                "oc": {
                  "$ref": "#/components/schemas/simulate/$defs/sums"
                }
              }
            }
          }
        },
        "$defs": {
          "counts": {
            "type": "array",
            "items": {
              "type": "integer",
              "minimum": 0
            }
          },
          "sums": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "trials",
              "selected",
              "selectedAfterEscalation",
              "patients",
              "dlts",
              "backfillPatients",
              "expansionPatients",
              "responders",
              "stoppedEarly",
              "endedByRule",
              "patientsAboveMTD",
              "selectedAboveMTD",
              "durationDays",
              "turnedAway",
              "overdoseMicros",
              "overdoseTrials"
            ],
            "properties": {
              "trials": {
                "type": "integer",
                "minimum": 0
              },
              "selected": {
                "$ref": "#/components/schemas/simulate/$defs/counts",
                "description": "Trials selecting each dose; the last: no dose."
              },
              "selectedAfterEscalation": {
                "$ref": "#/components/schemas/simulate/$defs/counts"
              },
              "patients": {
                "$ref": "#/components/schemas/simulate/$defs/counts"
              },
              "dlts": {
                "$ref": "#/components/schemas/simulate/$defs/counts"
              },
              "backfillPatients": {
                "$ref": "#/components/schemas/simulate/$defs/counts"
              },
              "expansionPatients": {
                "$ref": "#/components/schemas/simulate/$defs/counts"
              },
              "responders": {
                "$ref": "#/components/schemas/simulate/$defs/counts"
              },
              "stoppedEarly": {
                "type": "integer",
                "minimum": 0
              },
              "endedByRule": {
                "type": "integer",
                "minimum": 0
              },
              "patientsAboveMTD": {
                "type": "integer",
                "minimum": 0
              },
              "selectedAboveMTD": {
                "type": "integer",
                "minimum": 0
              },
              "durationDays": {
                "type": "integer",
                "minimum": 0
              },
              "turnedAway": {
                "type": "integer",
                "minimum": 0
              },
              "overdoseMicros": {
                "type": "integer",
                "minimum": 0
              },
              "overdoseTrials": {
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      },
      "simulation": {
        "title": "A stored simulation run",
        "description": "GET /api/v1/simulations/{simulation}.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "simulation"
        ],
        "properties": {
          "document": {
            "const": "simulation"
          },
          "schemaVersion": true,
          "engine": true,
          "simulation": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "spec",
              "digest",
              "files"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "minimum": 1
              },
              "spec": {
                "$ref": "#/components/schemas/server/$defs/storedSpec"
              },
              "digest": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$"
              },
              "files": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/server/$defs/storedFile"
                }
              }
            }
          }
        }
      },
      "studies": {
        "title": "The studies of the store",
        "description": "GET /api/v1/studies.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "studies"
        ],
        "properties": {
          "document": {
            "const": "studies"
          },
          "schemaVersion": true,
          "engine": true,
          "studies": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name",
                "cuts",
                "latestCut"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "cuts": {
                  "type": "integer",
                  "minimum": 0
                },
                "latestCut": {
                  "oneOf": [
                    {
                      "type": "integer",
                      "minimum": 1
                    },
                    {
                      "type": "null"
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "study-roles": {
        "title": "Who holds which role on a study",
        "description": "GET /api/v1/studies/{study}/roles; PUT and DELETE /api/v1/studies/{study}/ro\#
les/{user}/{role}; POST /api/v1/studies.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "roles"
        ],
        "properties": {
          "document": {
            "const": "study-roles"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "type": "string"
          },
          "roles": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "user",
                "role"
              ],
              "properties": {
                "user": {
                  "type": "string"
                },
                "role": {
                  "enum": [
                    "viewer",
                    "analyst",
                    "approver",
                    "study-admin"
                  ]
                }
              }
            }
          }
        }
      },
      "subject": {
        "title": "One subject of a run",
        "description": "GET /api/v1/runs/{run}/subjects/{subject}.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "run",
          "cut",
          "cutoff",
          "USUBJID",
          "responses",
          "records"
        ],
        "properties": {
          "document": {
            "const": "subject"
          },
          "schemaVersion": true,
          "engine": true,
          "run": {
            "type": "integer",
            "minimum": 1
          },
          "cut": {
            "type": "integer",
            "minimum": 1
          },
          "cutoff": {
            "$ref": "#/components/schemas/common/$defs/date"
          },
          "USUBJID": {
            "type": "string"
          },
          "responses": {
            "$ref": "#/components/schemas/responses/$defs/subject"
          },
          "records": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "domain",
                "file",
                "variables",
                "records"
              ],
              "properties": {
                "domain": {
                  "type": "string"
                },
                "file": {
                  "type": "string"
                },
                "variables": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "records": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "location",
                      "values"
                    ],
                    "properties": {
                      "location": {
                        "type": "string"
                      },
                      "values": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      },
      "token": {
        "title": "A new API token",
        "description": "POST /api/v1/tokens: the secret is shown in this response only.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "token",
          "secret"
        ],
        "properties": {
          "document": {
            "const": "token"
          },
          "schemaVersion": true,
          "engine": true,
          "token": {
            "$ref": "#/components/schemas/server/$defs/token"
          },
          "secret": {
            "type": "string",
            "pattern": "^rdt_[A-Za-z0-9_-]{43}$"
          }
        }
      },
      "tokens": {
        "title": "The user's API tokens",
        "description": "GET /api/v1/tokens (no secrets).",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "tokens"
        ],
        "properties": {
          "document": {
            "const": "tokens"
          },
          "schemaVersion": true,
          "engine": true,
          "tokens": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/server/$defs/token"
            }
          }
        }
      },
      "user": {
        "title": "A user",
        "description": "POST /api/v1/users; POST /api/v1/users/{user}/disable and /enable.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "user"
        ],
        "properties": {
          "document": {
            "const": "user"
          },
          "schemaVersion": true,
          "engine": true,
          "user": {
            "$ref": "#/components/schemas/server/$defs/user"
          }
        }
      },
      "users": {
        "title": "The users",
        "description": "GET /api/v1/users (site administrators).",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "users"
        ],
        "properties": {
          "document": {
            "const": "users"
          },
          "schemaVersion": true,
          "engine": true,
          "users": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/server/$defs/user"
            }
          }
        }
      },
      "validate": {
        "title": "readout validate --format json",
        "description": "Per domain: records read, removed by the cut-off and kept; then every proble\#
m with its location.",
        "type": "object",
        "$ref": "#/components/schemas/common/$defs/envelope",
        "additionalProperties": false,
        "required": [
          "document",
          "schemaVersion",
          "engine",
          "study",
          "cutoff",
          "domains",
          "cutoffEffects",
          "problems"
        ],
        "properties": {
          "document": {
            "const": "validate"
          },
          "schemaVersion": true,
          "engine": true,
          "study": {
            "type": "string"
          },
          "cutoff": {
            "$ref": "#/components/schemas/common/$defs/dateOrNull"
          },
          "domains": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "domain",
                "file",
                "format",
                "recordsRead",
                "recordsRemovedByCutoff",
                "records",
                "subjects",
                "variables",
                "dateVariable",
                "firstDate",
                "lastDate",
                "undatedRecords",
                "partialDates"
              ],
              "properties": {
                "domain": {
                  "type": "string",
                  "pattern": "^[A-Z][A-Z0-9]*$"
                },
                "file": {
                  "type": "string"
                },
                "format": {
                  "enum": [
                    "csv",
                    "dataset-json",
                    "dataset-ndjson",
                    "dataset-json-compressed",
                    "sas-xpt-v5",
                    "sas-xpt-v8"
                  ]
                },
                "recordsRead": {
                  "type": "integer",
                  "minimum": 0
                },
                "recordsRemovedByCutoff": {
                  "type": "integer",
                  "minimum": 0
                },
                "records": {
                  "type": "integer",
                  "minimum": 0
                },
                "subjects": {
                  "type": "integer",
                  "minimum": 0
                },
                "variables": {
                  "type": "integer",
                  "minimum": 0
                },
                "dateVariable": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "firstDate": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "description": "ISO 8601, possibly partial as collected."
                },
                "lastDate": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "undatedRecords": {
                  "type": "integer",
                  "minimum": 0
                },
                "partialDates": {
                  "type": "integer",
                  "minimum": 0
                }
              }
            }
          },
          "cutoffEffects": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "cutoff",
                  "removed",
                  "undated",
                  "subjectsEnrolledAfter",
                  "clearedInDM"
                ],
                "properties": {
                  "cutoff": {
                    "$ref": "#/components/schemas/common/$defs/date"
                  },
                  "removed": {
                    "$ref": "#/components/schemas/validate/$defs/domainCounts"
                  },
                  "undated": {
                    "$ref": "#/components/schemas/validate/$defs/domainCounts"
                  },
                  "subjectsEnrolledAfter": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "clearedInDM": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "variable",
                        "records"
                      ],
                      "properties": {
                        "variable": {
                          "type": "string"
                        },
                        "records": {
                          "type": "integer",
                          "minimum": 1
                        }
                      }
                    }
                  }
                }
              }
            ]
          },
          "problems": {
            "$ref": "#/components/schemas/common/$defs/problems"
          }
        },
        "$defs": {
          "domainCounts": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "domain",
                "records"
              ],
              "properties": {
                "domain": {
                  "type": "string"
                },
                "records": {
                  "type": "integer",
                  "minimum": 0
                }
              }
            }
          }
        }
      }
    },
    "securitySchemes": {
      "token": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (POST /api/v1/tokens, or readout user token)."
      },
      "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "readout-session",
        "description": "A browser session (POST /api/v1/session); state-changing requests also send \#
its CSRF token as X-CSRF-Token."
      }
    }
  }
}

"""#
}
