"""CI formats of `splint check`: GitHub annotations, SARIF 2.1.0 (validated against the official
schema, copied under tests/schemas so the suite runs on its own) and JUnit XML, each checked
against the JSON output of the same run, which is the contract the others restate."""
from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _positions(payload: dict) -> list[tuple]:
    return sorted(
        (f["path"], d["code"], d["location"]["row"], d["location"]["column"], d["end_location"]["row"],
         d["end_location"]["column"], d["message"] if "id" not in f else f"{f['id']}: {d['message']}")
        for f in payload["files"] for d in f["diagnostics"]
    )


@pytest.fixture(scope="module")
def corpus_json(tmp_path_factory) -> dict:
    import contextlib
    import io

    from splint.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["check", "--isolated", "--format", "json", str(CORPUS)])
    return json.loads(out.getvalue())


def test_sarif_of_the_whole_corpus_is_valid_and_complete(splint, corpus_json) -> None:
    run = splint("check", "--isolated", "--format", "sarif", str(CORPUS))
    assert run.code == 2                                     # the corpus holds exchange files that are not prompts
    payload = json.loads(run.out)
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(payload)
    [sarif_run] = payload["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    # Every diagnostic of the JSON output is a result, at the same place, with the same words.
    found = sorted(
        (str(Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])), r["ruleId"],
         *(r["locations"][0]["physicalLocation"]["region"][k] for k in ("startLine", "startColumn", "endLine", "endColumn")),
         r["message"]["text"])
        for r in results
    )
    expected = [(str(Path(p).resolve().relative_to(Path.cwd().resolve())) if Path(p).is_absolute() else p, *rest)
                for p, *rest in _positions(corpus_json)]
    assert found == sorted(expected)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    # Unreadable sources are tool notifications, not results.
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == sum(1 for f in corpus_json["files"] if f["error"]) > 0
    assert sarif_run["invocations"][0]["executionSuccessful"] is False


def test_sarif_rules_carry_the_rule_docs(splint) -> None:
    from splint.rules import RULES

    payload = json.loads(splint("check", "--isolated", "--format", "sarif", str(CORPUS / "examples")).out)
    rules = {r["id"]: r for r in payload["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == set(RULES)
    st001 = rules["ST001"]
    assert st001["name"] == "keyword-list"
    assert st001["defaultConfiguration"]["level"] == "warning"
    assert "Why:" in st001["help"]["text"] and "**Use instead.**" in st001["help"]["markdown"]
    assert rules["PA004"]["defaultConfiguration"]["level"] == "note"


def test_sarif_paths_and_safe_fixes(splint, tmp_path) -> None:
    prompt = tmp_path / "prompts" / "night shot.prompt"
    prompt.parent.mkdir()
    prompt.write_text("A fox trots across a snowy field at dusk, breath steaming, in 4K.\n", encoding="utf-8")
    run = splint("check", "--isolated", "--format", "sarif", "prompts", cwd=tmp_path)
    payload = json.loads(run.out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(payload)
    run_ = payload["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    [fixable] = [r for r in run_["results"] if r["ruleId"] == "PA007"]
    location = fixable["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "prompts/night%20shot.prompt", "uriBaseId": "%SRCROOT%"}
    [replacement] = fixable["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == ""
    region = replacement["deletedRegion"]
    line = prompt.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert "4K" in line[region["startColumn"] - 1:region["endColumn"] - 1]


def test_github_annotations_match_the_json(splint, corpus_json) -> None:
    run = splint("check", "--isolated", "--format", "github", str(CORPUS / "examples"))
    assert run.code == 1
    lines = run.out.splitlines()
    payload = json.loads(splint("check", "--isolated", "--format", "json", str(CORPUS / "examples")).out)
    diagnostics = [(f["path"], d) for f in payload["files"] for d in f["diagnostics"]]
    assert len(lines) == len(diagnostics)
    for line, (path, d) in zip(lines, diagnostics, strict=True):
        level = {"error": "error", "warning": "warning", "info": "notice"}[d["severity"]]
        assert line == (f"::{level} file={path},line={d['location']['row']},col={d['location']['column']},"
                        f"endLine={d['end_location']['row']},endColumn={d['end_location']['column']},"
                        f"title={d['code']} [{d['rule']}]::{d['message']}")


def test_github_escapes_what_would_break_a_command(splint, tmp_path) -> None:
    (tmp_path / "100%, then: more.prompt").write_text("a, b, c, d, e, f, g\n", encoding="utf-8")
    (tmp_path / "bad.prompt").write_bytes(b"\xff\xfe\x00broken")
    run = splint("check", "--isolated", "--format", "github", ".", cwd=tmp_path)
    assert "file=100%25%2C then%3A more.prompt," in run.out
    assert any(line.startswith("::error file=bad.prompt,title=splint::bad.prompt: ") for line in run.out.splitlines())
    assert all(line.startswith("::") for line in run.out.splitlines())


def test_junit_lists_failures_at_the_failing_severity(splint) -> None:
    run = splint("check", "--isolated", "--format", "junit", str(CORPUS / "examples"))
    root = ET.fromstring(run.out)
    payload = json.loads(splint("check", "--isolated", "--format", "json", str(CORPUS / "examples")).out)
    failing = [(f["path"], d) for f in payload["files"] for d in f["diagnostics"] if d["severity"] != "info"]
    failures = root.findall(".//failure")
    assert int(root.get("failures")) == len(failures) == len(failing)
    assert sorted(f.get("message") for f in failures) == sorted(d["message"] for _, d in failing)
    clean = [s for s in root.findall("testsuite") if s.get("failures") == "0"]
    assert {Path(s.get("name")).name for s in clean} >= {"clean-narrative-inle-fisherman.prompt"}
    # With --fail-on info, the notes fail too.
    strict = ET.fromstring(splint("check", "--isolated", "--format", "junit", "--fail-on", "info",
                                  str(CORPUS / "examples")).out)
    assert int(strict.get("failures")) == sum(len(f["diagnostics"]) for f in payload["files"])


def test_junit_reports_an_unreadable_file_as_an_error(splint, tmp_path) -> None:
    (tmp_path / "bad.prompt").write_bytes(b"---\nseconds: [8\n---\nA dog.\n")
    (tmp_path / "fine.prompt").write_text((CORPUS / "examples" / "clean-narrative-inle-fisherman.prompt")
                                          .read_text(encoding="utf-8"), encoding="utf-8")
    run = splint("check", "--isolated", "--format", "junit", ".", cwd=tmp_path)
    assert run.code == 2
    root = ET.fromstring(run.out)
    [error] = root.findall(".//error")
    assert error.get("type") == "unreadable" and "front matter is not valid YAML" in error.get("message")
    assert (root.get("tests"), root.get("errors"), root.get("failures")) == ("2", "1", "0")
    assert "bad.prompt: front matter is not valid YAML" in run.err            # and the one line on stderr


# --- the JSON contract ------------------------------------------------------------------------

# The check-output schema as released under each version. Changing the schema means either a
# new version (with its hash added here) or a deliberate, compatible edit recorded by updating
# the hash of the current version in the same commit.
RELEASED = {"1": "479c729de683f5e3546d3a2a95a80c2d90fd71458816a82207774a140cd55123"}


def test_json_schema_changes_only_with_a_version_bump() -> None:
    from splint.linter.reporters.json import SCHEMA_VERSION, schema, schema_text

    digest = hashlib.sha256(schema_text().encode("utf-8")).hexdigest()
    assert SCHEMA_VERSION in RELEASED, f"schema version {SCHEMA_VERSION} is not recorded in RELEASED"
    assert RELEASED[SCHEMA_VERSION] == digest, (
        f"linter/schemas/check-output.schema.json changed (sha256 {digest}) but its version is still "
        f"{SCHEMA_VERSION}: bump SCHEMA_VERSION and the schema's version const, and record the new hash")
    assert schema()["properties"]["version"] == {"const": SCHEMA_VERSION}


def test_json_output_carries_its_version(splint) -> None:
    from splint.linter.reporters.json import SCHEMA_VERSION

    payload = splint("check", "--isolated", "--format", "json", str(CORPUS / "examples")).json()
    assert payload["version"] == SCHEMA_VERSION
