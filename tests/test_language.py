"""A prompt not in English gets one info line instead of the English rules' guesses.

Every prompt here is written for these tests. English prompts full of names, tags, emoji or
a line of dialogue in another language must stay English; prompts written in another
language must be named, left unparsed, and still have their front matter checked.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS
from splint.linter.language import MIN_WORDS, not_english
from splint.linter.source import SourceError, parse_source
from splint.rules import RULES

NOTICE = "LG001 [non-english] splint reads English prompts; language rules skipped (looks like {})"

FOREIGN = {
    "Spanish": "Un pescador viejo repara su red en el muelle mientras las gaviotas gritan sobre el agua. "
               "La cámara se acerca despacio desde el mar y se oye el motor de una barca a lo lejos.",
    "French": "Une petite fille court dans un champ de lavande avec un cerf-volant rouge. La caméra la suit "
              "à hauteur d'épaule pendant que le vent souffle et que les cigales chantent dans les arbres.",
    "German": "Ein alter Mann schiebt sein Fahrrad durch den verschneiten Park, während die Laternen langsam "
              "angehen. Die Kamera bleibt ruhig auf dem Weg, und man hört nur das Knirschen des Schnees.",
    "Chinese": "清晨的江面上雾气弥漫，一位渔夫撑着竹筏缓缓划过，远处的山峦若隐若现。镜头从低处慢慢推进，能听到船桨拨水的声音和几声鸟鸣。",
    "Japanese": "雨上がりの商店街を、赤い傘を持った少年がゆっくり歩いていく。カメラは少し後ろから彼を追い、水たまりに映るネオンが揺れている。",
    "Russian": "Молодой музыкант играет на скрипке в пустом вагоне метро, за окнами мелькают огни туннеля. "
               "Камера медленно объезжает его по кругу, слышен стук колёс.",
    "Korean": "해 질 녘 바닷가에서 한 노인이 그물을 정리하고 있다. 카메라는 천천히 그에게 다가가고 파도 소리가 들린다.",
}

ENGLISH = {
    "place names": "A cable car climbs from Plaça d'Espanya toward Montjuïc while a cyclist races down the "
                   "Passeig de Gràcia below; the camera tilts from the cabin window to the Sagrada Família.",
    "street names": "Puerta del Sol, Gran Vía, Plaza de España, Mercado de San Miguel por la noche, neon, rain, "
                    "cinematic",
    "brand names": "A chef at Trattoria Da Enzo lifts a Le Creuset lid beside a Smeg fridge, steam curling "
                   "past a Moleskine notebook, warm tungsten light, slow push in.",
    "spanish dialogue": 'A grandmother hands her grandson a wrapped tamal at the kitchen table and says, '
                        '"Come despacio, mijo, que está muy caliente y no quiero que te quemes." '
                        "He grins and blows on it as the radio plays a bolero.",
    "japanese dialogue": "A ferry worker coils a rope on the deck at dusk and calls to a passenger, "
                         "気をつけてね、足元が滑りやすいから。 The passenger waves back as the horn sounds.",
    "kanji place names": "Evening rush in 渋谷: commuters stream across the scramble crossing under giant screens "
                         "near 道玄坂, a drone shot descending slowly into the crowd.",
    "emoji and hashtags": "🚲🌅 A courier weaves through morning traffic on a fixie #bikelife #cityvibes 🔥, "
                          "handheld tracking shot, horns and bells 🔔",
    "tag list": "masterpiece, best quality, 1girl, solo, lanterns, kimono, festival night, 8k, bokeh, depth of field",
    "foreign tag list": "Día de Muertos, calaveras, cempasúchil, papel picado, candlelight, night market, slow dolly",
    "five-word fragment": "Surfer at Nazaré, huge waves",
    "short spanish": "Una niña con un globo",
    "short chinese": "小猫睡觉",
}


def _prompt(tmp_path: Path, name: str, body: str, front: str = "seconds: 8\n") -> Path:
    path = tmp_path / f"{name}.prompt"
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_a_prompt_in_another_language_gets_one_info_line(tmp_path: Path, splint, language: str) -> None:
    path = _prompt(tmp_path, language.lower(), FOREIGN[language])
    run = splint("check", "--isolated", "--no-cache", path.name, cwd=tmp_path)
    assert f"{path.name}:4:1: {NOTICE.format(language)}" in run.out
    assert run.out.count("[non-english]") == 1
    # No English rule guessed: the only line is the notice, and info does not fail the run.
    assert "Found 1 problem (1 info) in 1 prompt." in run.out, run.out
    assert run.code == 0
    assert splint("check", "--isolated", "--no-cache", "--fail-on", "info", path.name, cwd=tmp_path).code == 1


@pytest.mark.parametrize("kind", sorted(ENGLISH))
def test_english_prompts_stay_english(tmp_path: Path, splint, kind: str) -> None:
    assert not_english(ENGLISH[kind]) is None
    run = splint("check", "--isolated", "--no-cache", _prompt(tmp_path, "p", ENGLISH[kind]).name, cwd=tmp_path)
    assert "[non-english]" not in run.out


def test_script_decides_when_english_words_are_only_tags() -> None:
    assert not_english("霧の中の古い駅、始発電車がゆっくりと到着する、cinematic lighting, 35mm film, 4k") == "Japanese"
    assert not_english("山顶的云海在日出时翻滚，无人机缓缓后退，cinematic, 8k, ultra detailed") == "Chinese"
    assert not_english("Старый рыбак чинит сети на берегу холодного северного моря, а ветер треплет его бороду") == "Russian"


def _corpus_prompts() -> list[tuple[str, str, bool]]:
    """Every prompt the corpus holds (prompt files, collections, the cases of each rule), and
    whether it is one of non-english's own cases that must be judged not English."""
    found: list[tuple[str, str, bool]] = []
    for path in sorted(CORPUS.rglob("*")):
        shown = path.relative_to(CORPUS).as_posix()
        if path.suffix == ".prompt" or (path.parent.name == "eval" and path.suffix in (".yaml", ".jsonl")):
            sources = [(s, False) for s in parse_source(str(path), path.read_bytes())]
        elif path.parent == CORPUS / "rules" and path.suffix == ".yaml":
            case_file = yaml.safe_load(path.read_text(encoding="utf-8"))
            foreign = {c["name"] for c in case_file["cases"] if case_file["name"] == "non-english"
                       and (c["expect"] == "fail" or "non-english" in c["expect"])}
            sources = [(s, c["name"] in foreign) for c in case_file["cases"]
                       for s in parse_source(f"{shown}#{c['name']}", c["prompt"].encode("utf-8"))]
        else:
            continue
        found += [(f"{shown} {s.item_id or ''}", s.text, foreign) for s, foreign in sources
                  if not isinstance(s, SourceError)]
    return found


def test_every_corpus_prompt_is_read_as_english() -> None:
    prompts = _corpus_prompts()
    assert sum(1 for name, _, _ in prompts if name.startswith("realset/")) >= 141
    assert len(prompts) > 600
    misjudged = [(name, language) for name, text, foreign in prompts
                 if ((language := not_english(text)) is not None) != foreign]
    assert misjudged == []


def test_front_matter_is_still_checked_and_prose_rules_are_not_run(tmp_path: Path, splint) -> None:
    # A keyword-style Spanish prompt with no sound: English rules would call it a keyword list
    # with missing audio; the parameter rules still read its front matter and template lines.
    body = ("Calle mojada de noche, luces de neón, un gato negro cruza la calle y se esconde bajo un coche "
            "mientras la lluvia cae sobre los charcos.\n[DURATION]: 8s")
    path = _prompt(tmp_path, "calle", body, front="seconds: 7\nsize: 1920x1080\n")
    run = splint("check", "--isolated", "--no-cache", "-q", path.name, cwd=tmp_path)
    fired = {line.split("[", 1)[1].split("]", 1)[0] for line in run.out.splitlines() if "[" in line}
    assert fired == {"non-english", "invalid-seconds", "invalid-size", "param-conflict"}, run.out
    assert run.code == 1
    assert all(not RULES[code].META.reads_english for code in RULES if RULES[code].META.group == "parameters")


def test_ignore_hides_the_line_and_select_keeps_it(tmp_path: Path, splint) -> None:
    path = _prompt(tmp_path, "es", FOREIGN["Spanish"])
    ignored = splint("check", "--isolated", "--no-cache", "--ignore", "non-english", path.name, cwd=tmp_path)
    assert "All checks passed (1 prompt)." in ignored.out and ignored.code == 0
    # A rule that reads prose, selected alone, was skipped: the line says why it said nothing.
    selected = splint("check", "--isolated", "--no-cache", "-q", "--select", "keyword-list", path.name, cwd=tmp_path)
    assert selected.out == f"es.prompt:4:1: {NOTICE.format('Spanish')}\n"
    # Parameter rules alone skip nothing, so there is nothing to say.
    params = splint("check", "--isolated", "--no-cache", "--select", "invalid-seconds", path.name, cwd=tmp_path)
    assert "[non-english]" not in params.out
    # The line at a configured severity fails the run like any rule.
    (tmp_path / "splint.toml").write_text('[severity]\nnon-english = "error"\n')
    strict = splint("check", "--no-cache", path.name, cwd=tmp_path)
    assert "[non-english]" in strict.out and strict.code == 1


def test_front_matter_ignore_names_the_rule(tmp_path: Path, splint) -> None:
    path = _prompt(tmp_path, "de", FOREIGN["German"], front="seconds: 8\nignore: [non-english]\n")
    run = splint("check", "--isolated", "--no-cache", path.name, cwd=tmp_path)
    assert "[non-english]" not in run.out and run.code == 0


def test_a_prompt_not_in_english_is_not_parsed(tmp_path: Path, splint, monkeypatch) -> None:
    from splint.linter import analysis

    parsed: list[str] = []
    real = analysis.analyse

    def recording(prompts, batch_size=64):  # type: ignore[no-untyped-def]
        def seen():  # type: ignore[no-untyped-def]
            for prompt in prompts:
                parsed.append(prompt.text)
                yield prompt
        return real(seen(), batch_size=batch_size)

    monkeypatch.setattr(analysis, "analyse", recording)
    _prompt(tmp_path, "ru", FOREIGN["Russian"])
    _prompt(tmp_path, "en", ENGLISH["place names"])
    run = splint("check", "--isolated", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert "looks like Russian" in run.out
    assert [text.strip() for text in parsed] == [ENGLISH["place names"]]
    # Listing the prompts splint cannot read parses none.
    parsed.clear()
    listed = splint("check", "--isolated", "--no-cache", "-q", "--select", "non-english", ".", cwd=tmp_path)
    assert listed.out == f"ru.prompt:4:1: {NOTICE.format('Russian')}\n" and parsed == []


def test_every_format_reports_the_line(tmp_path: Path, splint) -> None:
    path = _prompt(tmp_path, "fr", FOREIGN["French"])
    args = ("check", "--isolated", "--no-cache", path.name)
    payload = splint(*args, "--format", "json", cwd=tmp_path).json()     # validated against the schema
    (diagnostic,) = payload["files"][0]["diagnostics"]
    assert diagnostic["rule"] == "non-english" and diagnostic["severity"] == "info"
    assert diagnostic["location"] == {"row": 4, "column": 1}
    assert diagnostic["message"].endswith("(looks like French)")
    github = splint(*args, "--format", "github", cwd=tmp_path)
    assert github.out.startswith("::notice file=fr.prompt,line=4,col=1,") and github.code == 0
    sarif = json.loads(splint(*args, "--format", "sarif", cwd=tmp_path).out)["runs"][0]
    assert [(r["ruleId"], r["level"]) for r in sarif["results"]] == [("LG001", "note")]
    assert any(rule["id"] == "LG001" for rule in sarif["tool"]["driver"]["rules"])


def test_the_language_server_shows_it_as_information() -> None:
    from lsprotocol import types

    from splint.lsp import lint_document

    text = f"---\nseconds: 8\n---\n{FOREIGN['Japanese']}\n"
    linted = lint_document("file:///tmp/jp.prompt", 1, "/tmp/jp.prompt", text, "utf-16")
    (shown,) = linted.diagnostics
    assert shown.code == "LG001" and shown.severity == types.DiagnosticSeverity.Information
    assert shown.range.start == types.Position(line=3, character=0)


def test_rule_docs_name_it(splint) -> None:
    run = splint("rule", "non-english")
    assert run.out.startswith("non-english (LG001) — ") and "Default severity: info." in run.out
    assert MIN_WORDS > len(ENGLISH["five-word fragment"].split())
