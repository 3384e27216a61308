"""Rewrite one draft and accept it only when the linter does.

render -> lint with the same rules, target and config as the draft -> if anything at or
above the failing severity is left, or a main subject or quoted spoken line was lost, ONE
repair turn that sends those problems back -> still failing: refused, and the reason says why.
What must be kept is read from the draft's analysis (the subjects of its action chains,
its spoken lines), and looked for in the rewrite's analysis, not by comparing strings.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from spacy.tokens import Token
from splint.linter.analysis import Analysis, analyse
from splint.linter.config import Config
from splint.linter.runner import DEFAULT_TARGET, Options, Result, lint
from splint.linter.source import parse_prompt_file
from splint.linter.structure import QUOTED
from splint.linter.types import Diagnostic, Origin, Params, Prompt, Severity
from splint.rewriter import instructions
from splint.rewriter.engine import Engine, RefusedError, RemoteError, ReplyError, Usage
from splint.rewriter.schema import FiveLayerPrompt, RenderStyle
from splint.rules import data
from splint.rules.common import spoken_lines

Status = Literal["rewritten", "clean", "refused", "failed"]
PARAM_KEYS = ("model", "seconds", "size")
# A draft's value is kept unless one of these rules says it is wrong.
_INVALIDATED_BY = {
    "model": {"unknown-model"},
    "seconds": {"invalid-seconds", "over-max-duration", "param-conflict", "missing-duration"},
    "size": {"invalid-size", "param-conflict"},
}
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class Outcome:
    draft: Prompt
    status: Status
    before: Result
    after: Result | None = None
    prompt: FiveLayerPrompt | None = None
    body: str | None = None           # the rendered prompt
    document: str | None = None       # the whole new file: front matter + rendered prompt
    params: dict[str, object] = field(default_factory=dict)
    reason: str | None = None
    repairs: int = 0
    usage: Usage = field(default_factory=Usage)

    @property
    def path(self) -> str:
        return self.draft.path

    @property
    def item_id(self) -> str | None:
        return self.draft.item_id


@dataclass(frozen=True, slots=True)
class Judge:
    """The linter as the draft was linted: same options, config and failing severity."""

    options: Options
    config_for: Callable[[str], Config]
    fail_on: Severity | None = None

    def threshold(self, path: str) -> Severity:
        return self.fail_on or self.config_for(path).fail_on or Severity.WARNING

    def failing(self, result: Result) -> list[Diagnostic]:
        level = self.threshold(result.path)
        return [d for d in result.diagnostics if d.severity >= level]

    def check(self, path: str, document: str) -> tuple[Result, Prompt | None]:
        source = parse_prompt_file(path, document)
        result = next(iter(lint([source], self.options, self.config_for, keep_analysis=True)))
        return result, source if isinstance(source, Prompt) else None


# --- what must be kept ------------------------------------------------------------------

_NOT_SUBJECTS = frozenset({"camera", "shot", "lens", "frame", "scene", "video", "clip", "footage", "image", "light",
                           "lighting", "sound", "audio", "music", "style", "look", "mood", "viewer", "audience"})


@dataclass(frozen=True, slots=True)
class Subject:
    shown: str                          # as the draft writes it
    words: frozenset[str]               # lemmas any of which counts as keeping it


def _quoted(text: str, offset: int) -> bool:
    return any(m.start() <= offset < m.end() for m in QUOTED.finditer(text))


def main_subjects(analysis: Analysis) -> list[Subject]:
    """Who or what the draft's clauses are about (their noun subjects, "Maria and Tom" both);
    for a draft with no clause, the head of its first noun phrase."""
    doc = analysis.doc
    found: dict[str, Subject] = {}

    def take(token: Token) -> None:
        lemma = token.lemma_.lower()
        if token.pos_ not in ("NOUN", "PROPN") or lemma in _NOT_SUBJECTS or _quoted(analysis.text, token.idx):
            return
        if analysis.structure.layer_at(token.idx) not in (None, "scene"):
            return
        compounds = {c.lemma_.lower() for c in token.children if c.dep_ == "compound"}
        found.setdefault(lemma, Subject(token.text, frozenset({lemma, token.lower_} | compounds)))

    for token in doc:
        # "A golden retriever runs": the small pipeline sometimes hangs the subject on the verb
        # as a compound; it is still the subject.
        misparsed = token.dep_ == "compound" and token.head.pos_ == "VERB" and token.i < token.head.i
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX") or misparsed:
            take(token)
            for conj in token.conjuncts:
                take(conj)
    if not found:
        for chunk in doc.noun_chunks:
            head = chunk.root
            lemma = head.lemma_.lower()
            if head.pos_ not in ("NOUN", "PROPN") or lemma in _NOT_SUBJECTS or _quoted(analysis.text, head.idx):
                continue
            if analysis.structure.layer_at(head.idx) not in (None, "scene"):
                continue
            words = {lemma, head.lower_} | {t.lemma_.lower() for t in chunk if t.dep_ == "compound"}
            found[lemma] = Subject(chunk.text if len(chunk) <= 3 else head.text, frozenset(words))
            break
    return list(found.values())


def spoken(analysis: Analysis) -> list[str]:
    """The quoted words of every spoken line."""
    out: list[str] = []
    for line in spoken_lines(analysis):
        segment = analysis.text[line.span.start:line.span.end]
        quotes = [m.group(1) for m in QUOTED.finditer(segment)] or ([segment.strip("\"“” ")] if not line.speaker else [])
        out.extend(q.strip() for q in quotes if q.strip())
    return out


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def lost(keep_subjects: list[Subject], keep_spoken: list[str], rewrite: Analysis) -> list[str]:
    """What the rewrite dropped, as the user reads it."""
    present = {t.lemma_.lower() for t in rewrite.doc} | {t.lower_ for t in rewrite.doc}
    problems = [f"the subject '{s.shown}'" for s in keep_subjects if not s.words & present]
    said = " " + " ".join(_words(" ".join(spoken(rewrite)) or rewrite.text)) + " "
    whole = " " + " ".join(_words(rewrite.text)) + " "
    for line in keep_spoken:
        wanted = " " + " ".join(_words(line)) + " "
        if wanted.strip() and wanted not in said and wanted not in whole:
            problems.append(f'the spoken line "{line}"')
    return problems


# --- parameters and the new document ------------------------------------------------------


def choose_params(draft: Params, reply: FiveLayerPrompt, before: Result) -> dict[str, object]:
    flagged = {d.rule for d in before.diagnostics}
    chosen: dict[str, object] = {}
    for key in PARAM_KEYS:
        value = getattr(draft, key)
        if value is None or flagged & _INVALIDATED_BY[key]:
            value = getattr(reply, key)
        if value is not None:
            chosen[key] = value
    return chosen


def document(prompt: Prompt, body: str, params: dict[str, object]) -> str:
    """The new file: the draft's front matter with the parameters set, then the rendered body.

    Values are replaced where they are written, so comments and other keys stay as they were.
    """
    newline = "\r\n" if "\r\n" in prompt.origin.source.text else "\n"
    body = body.replace("\n", newline)
    current = prompt.params
    if prompt.item_id is not None or current.front_matter is None:
        # A collection item, or a file without front matter: the parameters as a new block.
        extra = {k: getattr(current, k) for k in ("input_reference", "remix_id", "target") if getattr(current, k)}
        entries = {**params, **extra}
        if current.ignore:
            entries["ignore"] = "[" + ", ".join(current.ignore) + "]"
        if not entries:
            return body
        head = "".join(f"{k}: {v}{newline}" for k, v in entries.items())
        return f"---{newline}{head}---{newline}{body}"
    text = prompt.origin.source.text
    edits: list[tuple[int, int, str]] = []
    for key in PARAM_KEYS:
        span = current.where(key)
        new = params.get(key)
        if span is not None and new is not None and str(new) != str(getattr(current, key)):
            edits.append((span.start, span.end, str(new)))
        elif span is None and new is not None:
            at = current.front_matter[1]
            edits.append((at, at, f"{key}: {new}{newline}"))
    head = text[:prompt.origin.base]
    for start, end, replacement in sorted(edits, reverse=True):
        head = head[:start] + replacement + head[end:]
    return head + body


def generation_request(prompt: Prompt, body: str, params: dict[str, object], profile: data.Profile) -> dict[str, object]:
    """What ``client.videos.create`` takes for this prompt (``seconds`` is a string there)."""
    request: dict[str, object] = {
        "model": params.get("model") or profile.model,
        "prompt": body.strip(),
        "size": params.get("size") or profile.default_size or profile.sizes[0].size,
        "seconds": str(params.get("seconds") or profile.default_seconds),
    }
    if prompt.params.input_reference:
        request["input_reference"] = prompt.params.input_reference
    if prompt.params.remix_id:
        request["remix_id"] = prompt.params.remix_id
    return request


# --- the loop -----------------------------------------------------------------------------


def problem_list(diagnostics: Sequence[Diagnostic], origin: Origin | None) -> str:
    """``rule (line N)`` for the first four, and how many more."""
    shown = []
    for d in diagnostics[:4]:
        row = origin.locate(d.span, d.in_file)[0] if origin is not None else 0
        shown.append(f"{d.rule} (line {row})")
    more = f" and {len(diagnostics) - 4} more" if len(diagnostics) > 4 else ""
    return ", ".join(shown) + more


async def rewrite(
    prompt: Prompt, before: Result, engine: Engine, judge: Judge, style: RenderStyle = "narrative", send_all: bool = False,
) -> Outcome:
    """The draft rewritten, verified, repaired once or refused; whatever else a server's answer
    breaks fails this draft alone, as one line."""
    try:
        return await _rewrite(prompt, before, engine, judge, style, send_all)
    except (OSError, ValueError, RuntimeError) as exc:
        reason = engine.redact(" ".join(f"{type(exc).__name__}: {exc}".split())[:200])
        return Outcome(prompt, "failed", before, reason=f"unexpected answer ({reason})")


async def _rewrite(
    prompt: Prompt, before: Result, engine: Engine, judge: Judge, style: RenderStyle, send_all: bool,
) -> Outcome:
    outcome = Outcome(prompt, "clean", before)
    failing = judge.failing(before)
    if not failing and not send_all:
        return outcome
    profile = data.profile(before.target or DEFAULT_TARGET)
    draft_analysis = before.analysis or next(analyse([prompt]))
    keep_subjects = main_subjects(draft_analysis)
    keep_spoken = spoken(draft_analysis)
    keep = instructions.Keep(tuple(s.shown for s in keep_subjects), tuple(keep_spoken))
    messages = [
        {"role": "system", "content": instructions.system_prompt()},
        {"role": "user", "content": instructions.user_message(
            prompt.text, prompt.params, profile, instructions.diagnostic_lines(before.diagnostics, prompt), keep)},
    ]
    reason = ""
    for turn in range(2):
        outcome.repairs = turn
        try:
            reply = await engine.complete(messages, outcome.usage)
        except RemoteError as exc:
            return replace(outcome, status="failed", reason=str(exc))
        except RefusedError as exc:
            return replace(outcome, status="refused", reason=f"the model declined: {exc}")
        except ReplyError as exc:
            if exc.final or turn == 1:
                return replace(outcome, status="failed", reason=str(exc))
            messages += [
                {"role": "assistant", "content": exc.raw},
                {"role": "user", "content": instructions.repair_message(None, [], invalid=str(exc))},
            ]
            continue
        body = reply.prompt.render(style, audio=profile.audio)
        params = choose_params(prompt.params, reply.prompt, before)
        new_document = document(prompt, body, params)
        after, new_prompt = judge.check(prompt.path, new_document)
        outcome = replace(outcome, prompt=reply.prompt, body=body, document=new_document, params=params, after=after)
        problems: list[str] = []
        still = judge.failing(after)
        dropped: list[str] = []
        if after.error is not None:
            problems.append(f"the rewrite cannot be read: {after.error}")
        else:
            assert new_prompt is not None
            dropped = lost(keep_subjects, keep_spoken, after.analysis or next(analyse([new_prompt])))
        if not still and not dropped and not problems:
            return replace(outcome, status="rewritten")
        if still:
            problems.append(f"still flagged: {problem_list(still, after.origin)}")
        problems += [f"drops {d}" for d in dropped]
        reason = "; ".join(problems)
        messages += [
            {"role": "assistant", "content": reply.raw},
            {"role": "user", "content": instructions.repair_message(
                instructions.diagnostic_lines(still, new_prompt) if still and new_prompt is not None else None,
                dropped, invalid=after.error)},
        ]
    return replace(outcome, status="refused", reason=f"{reason} (after one repair turn)")
