"""`splint explain`: the reading behind the verdicts, as plain data and as text.

For each prompt: the clip length the budgets use and where it came from, each of the five
layers (labelled, described by the words found, or missing), the actions counted for each
subject laid out in beats of the target's seconds per action, the sound, light, camera and
style words found, the lists read as fragments or clauses, and the diagnostics. This is how a
writer sees why a rule fired, and the data an editor shows on hover.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from splint.linter.runner import Result
from splint.linter.types import Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis, Mention

SCHEMA_VERSION = "1"
LAYERS = ("scene", "camera", "lighting", "audio", "style")
# The rule that says a layer is missing, by layer.
_MISSING = {"camera": "missing-camera", "lighting": "missing-lighting", "audio": "missing-audio", "style": "missing-style"}
_LIST_ITEMS = 3     # fewer separated items are a phrase, not a list


def _where(result: Result, span: Span) -> dict[str, int]:
    assert result.origin is not None
    row, column = result.origin.position(span.start)
    return {"row": row, "column": column}


def _mention(result: Result, m: Mention) -> dict[str, Any]:
    return {"text": m.text, "kind": m.kind, "location": _where(result, m.span)}


def _layers(result: Result, analysis: Analysis, fired: set[str]) -> list[dict[str, Any]]:
    evidence: dict[str, tuple[Mention, ...]] = {
        "camera": analysis.camera, "lighting": analysis.light_terms, "audio": analysis.sound, "style": analysis.style,
    }
    out = []
    for layer in LAYERS:
        entry: dict[str, Any] = {"layer": layer}
        if layer in analysis.layers and (layer == "scene" or _MISSING[layer] not in fired):
            entry["status"] = "labelled"
            # a heading alone ("DIALOGUE:" over its speaker lines) is where the layer is
            spans = analysis.layers[layer] or tuple(
                line.span for line in analysis.structure.lines if line.layer == layer and line.label is not None)
            entry["lines"] = [_where(result, span)["row"] for span in spans]
        elif layer == "scene":
            entry["status"] = "described" if any(u.narrative for u in analysis.units) else "missing"
        else:
            entry["status"] = "missing" if _MISSING[layer] in fired else "described"
        # judgements ("cinematic", "dramatic") describe nothing: the vague-* rules report them
        entry["found"] = [_mention(result, m) for m in evidence.get(layer, ()) if m.kind != "evaluative"]
        out.append(entry)
    return out


def _actions(result: Result, analysis: Analysis, step: int, budget: int) -> list[dict[str, Any]]:
    from splint.linter.analysis import lead_chain

    judged = lead_chain(analysis.actions)
    out = []
    for chain in analysis.actions:
        steps = []
        for k, action in enumerate(chain.actions):
            beat = f"{k * step}-{(k + 1) * step} s" if k < budget else None
            steps.append({"text": action.text, "location": _where(result, action.span), "beat": beat})
        out.append({"subject": chain.subject, "lead": chain.lead, "judged": chain is judged, "actions": steps})
    return out


def beats(result: Result) -> str | None:
    """The judged subject's actions in beats, as markdown: what the editor's hover on a
    too-many-actions diagnostic shows. None when the analysis was not kept."""
    if result.analysis is None or result.settings is None:
        return None
    settings = result.settings
    step = settings.profile.seconds_per_action
    budget = max(1, settings.seconds // step)
    chains = [c for c in _actions(result, result.analysis, step, budget) if c["judged"]]
    if not chains:
        return None
    chain = chains[0]
    fit = [f"{a['beat']} '{a['text']}'" for a in chain["actions"] if a["beat"] is not None]
    over = [f"'{a['text']}'" for a in chain["actions"] if a["beat"] is None]
    out = (f"**Beats** of {chain['subject']} in {settings.seconds} s ({settings.seconds_from}), one action per "
           f"{step} s: " + " · ".join(fit))
    return out + (f" · past the budget: {', '.join(over)}" if over else "")


def _lists(result: Result, analysis: Analysis) -> list[dict[str, Any]]:
    out = []
    for unit in analysis.units:
        if len(unit.items) < _LIST_ITEMS or unit.narrative:
            continue    # a series inside a sentence with a clause is no list of fragments
        out.append({
            "location": _where(result, unit.span),
            "layer": unit.layer,
            "items": [
                {"text": analysis.text[i.span.start:i.span.end], "clause": i.finite} for i in unit.items
            ],
        })
    return out


def reading(result: Result) -> dict[str, Any]:
    """One prompt's reading; ``result`` comes from ``lint(..., keep_analysis=True)``."""
    from splint.linter.reporters.json import entry

    checked = entry(result)     # path, id, target and diagnostics as `splint check` gives them
    out: dict[str, Any] = {key: checked[key] for key in ("path", "id", "target") if key in checked}
    if result.error is not None:
        out["error"] = result.error
        return out
    diagnostics = checked["diagnostics"]
    analysis, settings = result.analysis, result.settings
    if analysis is None or settings is None or not len(analysis.doc):
        out["read"] = False     # not English, or no rule reads it
        out["diagnostics"] = diagnostics
        return out
    out["read"] = True
    step = settings.profile.seconds_per_action
    budget = max(1, settings.seconds // step)
    out["clip"] = {"seconds": settings.seconds, "from": settings.seconds_from, "seconds_per_action": step,
                   "actions_that_fit": budget}
    fired = {d.rule for d in result.diagnostics}
    out["layers"] = _layers(result, analysis, fired)
    out["actions"] = _actions(result, analysis, step, budget)
    out["sound"] = [_mention(result, m) for m in analysis.sound]
    out["light"] = [
        {"text": m.text, "location": _where(result, m.span),
         "qualifiers": [{"text": q.text, "kind": q.kind} for q in m.qualifiers]}
        for m in analysis.light
    ]
    out["camera"] = [_mention(result, m) for m in analysis.camera]
    out["style"] = [_mention(result, m) for m in analysis.style]
    out["lists"] = _lists(result, analysis)
    out["diagnostics"] = diagnostics
    return out


def schema_text() -> str:
    from importlib import resources

    return resources.files("splint.linter.schemas").joinpath("explain-output.schema.json").read_text(encoding="utf-8")


def render_json(results: Sequence[Result]) -> str:
    import json

    from splint.linter.reporters.json import splint_version

    body = {"version": SCHEMA_VERSION, "splint": splint_version(), "prompts": [reading(r) for r in results]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _at(location: dict[str, int]) -> str:
    return f"{location['row']}:{location['column']}"


def _quoted(found: list[dict[str, Any]], limit: int = 6) -> str:
    shown = [f"'{m['text']}' {_at(m['location'])}" for m in found[:limit]]
    if len(found) > limit:
        shown.append(f"and {len(found) - limit} more")
    return ", ".join(shown)


def render_text(results: Sequence[Result]) -> str:
    lines: list[str] = []
    for result in results:
        r = reading(result)
        where = f"{r['path']} [{r['id']}]" if "id" in r else r["path"]
        if "error" in r:
            continue    # said on stderr, as `splint check` does
        if not r["read"]:
            lines.append(f"{where} ({r['target']}): not read as English prose; only its parameters and layout were checked")
        else:
            clip = r["clip"]
            fit = clip["actions_that_fit"]
            lines.append(
                f"{where} ({r['target']}, {clip['seconds']} s from {clip['from']}: {fit} action{'s' if fit != 1 else ''} fit, "
                f"one per {clip['seconds_per_action']} s)"
            )
            for layer in r["layers"]:
                status = layer["status"]
                detail = ""
                if status == "labelled":
                    detail = f" (line{'s' if len(layer['lines']) != 1 else ''} {', '.join(map(str, layer['lines']))})"
                if layer["found"]:
                    detail += f": {_quoted(layer['found'])}"
                lines.append(f"  {layer['layer']:<10}{status}{detail}")
            if not r["actions"]:
                lines.append(f"  {'actions':<10}none counted")
            for chain in sorted(r["actions"], key=lambda c: not c["judged"]):
                role = "judged" if chain["judged"] else ("background" if not chain["lead"] else "not the busiest")
                lines.append(f"  {'actions':<10}{chain['subject']} ({role}, {len(chain['actions'])})")
                for action in chain["actions"]:
                    beat = action["beat"] or "over budget"
                    lines.append(f"  {'':<12}{beat:<12}'{action['text']}' {_at(action['location'])}")
            if r["sound"]:
                lines.append(f"  {'sound':<10}{_quoted(r['sound'])}")
            for light in r["light"]:
                quals = ", ".join(f"{q['text']}: {q['kind']}" for q in light["qualifiers"]) or "nothing said of it"
                lines.append(f"  {'light':<10}'{light['text']}' {_at(light['location'])} ({quals})")
            for listed in r["lists"]:
                items = " | ".join(f"{i['text']}" + (" [clause]" if i["clause"] else "") for i in listed["items"])
                fragments = sum(not i["clause"] for i in listed["items"])
                label = f", under the {listed['layer']} label" if listed["layer"] else ""
                lines.append(f"  {'list':<10}{_at(listed['location'])} {fragments} fragment{'s' if fragments != 1 else ''}{label}: {items}")
        verdicts = [f"{d['code']} {d['rule']} {_at(d['location'])}" for d in r["diagnostics"]]
        lines.append(f"  {'verdicts':<10}{'; '.join(verdicts) if verdicts else 'all checks passed'}")
        lines.append("")
    return "\n".join(lines)
