"""`quellenlage eval judgement`: does a briefing state the facts a careful reader of the articles states?

A gold file (YAML, format in tests/data/judgement/FORMAT.md) holds probes, each a small fact: this claim's
group has N independent origins / names origin X / has status S; this sentence's speaker and chain; this
claim's polarity and certainty; this denial's denier and target (or: this is a non-denial); these two figures
side by side with a verdict; this heading is no claim; this article copies that one. The corpus is briefed
exactly as `quellenlage brief` does (same stages, same cross-article judgements) and every probe is checked
against the resulting `Briefing`, so the score is about what a user is shown.

Reported: pass rate per probe kind and overall; origin-count accuracy (group probes that give `origins`);
precision of the "corroborated" badge: of the groups the briefing marks corroborated, the share that a gold
group probe inside them says rests on two or more origins (`origins` >= 2, or status corroborated or contested) (groups no probe touches are listed as unjudged and
count against the strict precision). Every failure is listed with what the briefing said instead.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..ingest.metadata import SIDECAR_NAME
from ..model import Briefing, Claim
from .common import write_json

KINDS = ("group", "speaker", "polarity", "denial", "figures", "no_claim", "copy")


class ProbeError(ValueError):
    """The probe itself is unusable (its article or anchor text is not in the corpus)."""


def load_gold(path: Path) -> dict:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not isinstance(data.get("probes"), list):
        raise ValueError(f"{path}: a gold file is a mapping with a 'probes' list")
    for n, p in enumerate(data["probes"], 1):
        if not isinstance(p, dict) or p.get("kind") not in KINDS:
            raise ValueError(f"{path}: probe {n} has no valid kind (one of {', '.join(KINDS)})")
    return data


def corpus_paths(gold_path: Path, gold: dict) -> list[str]:
    """The gold file's corpus; a folder that also holds the gold YAML is expanded to its other files, so the
    gold file is not briefed as a (rejected) input."""
    corpus = gold.get("corpus") or []
    if isinstance(corpus, str):
        corpus = [corpus]
    out = []
    for p in corpus:
        path = (gold_path.parent / p).resolve()
        if path.is_dir() and any(path.glob("*.y*ml")):
            out += [str(f) for f in sorted(path.rglob("*")) if f.is_file() and f.suffix not in (".yaml", ".yml")
                    and f.name != SIDECAR_NAME and not f.name.startswith(".")]
        else:
            out.append(str(path))
    return out


@dataclass
class BriefingIndex:
    """Look-ups a probe needs: articles by input name, claims by position, groups by claim, entity aliases."""

    briefing: Briefing
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        b = self.briefing
        self.articles = {a.id: a for a in b.articles}
        for rec in b.inputs:
            if rec.article_id and rec.article_id in self.articles:
                base = Path(rec.source).name
                self.names.setdefault(base, rec.article_id)
                self.names.setdefault(Path(base).stem, rec.article_id)
        self.annotations = {n.article_id: n for n in b.annotations}
        self.group_of = {m.claim_id: g for g in b.claim_groups for m in g.members}
        self.entities = {e.id: e for e in b.entities}
        self.root = {c.article_id: c.copy_of for c in b.copies}

    def article(self, name: str | None) -> str:
        if not name:
            raise ProbeError("the probe names no article")
        aid = self.names.get(name) or self.names.get(Path(name).stem)
        if aid is None and name in self.articles:
            aid = name
        if aid is None:
            raise ProbeError(f"article {name!r} is not in the briefed corpus")
        return aid

    def locate(self, name: str | None, text: str) -> tuple[str, int, int]:
        aid = self.article(name)
        at = self.articles[aid].text.find(text)
        if at < 0:
            raise ProbeError(f"{text!r} does not occur in {name}")
        return aid, at, at + len(text)

    def locate_any(self, text: str) -> tuple[str, int, int]:
        for aid, art in self.articles.items():
            at = art.text.find(text)
            if at >= 0:
                return aid, at, at + len(text)
        raise ProbeError(f"{text!r} occurs in no article")

    def claim_at(self, aid: str, start: int, end: int) -> Claim | None:
        """The claim covering most of [start, end) (ties: the shorter claim, i.e. the more specific one)."""
        best, key = None, None
        for c in self.annotations.get(aid).claims if aid in self.annotations else []:
            overlap = min(end, c.end) - max(start, c.start)
            if overlap > 0 and (key is None or (overlap, -(c.end - c.start)) > key):
                best, key = c, (overlap, -(c.end - c.start))
        return best

    def aliases(self, entity_id: str | None) -> list[str]:
        e = self.entities.get(entity_id or "")
        return [e.name, *e.aliases] if e is not None else []

    def node_names(self, node) -> list[str]:
        return [node.label, node.description, *self.aliases(node.entity_id)]

    def copy_root(self, aid: str) -> str:
        for _ in range(5):
            aid = self.root.get(aid, aid)
        return aid


def _match(expected: str, candidates: Sequence[str | None]) -> bool:
    want = expected.casefold().strip()
    return any(c and want in c.casefold() for c in candidates)


def _names(xs) -> str:
    return ", ".join(x for x in xs if x) or "(none)"


def check_probe(p: dict, ix: BriefingIndex) -> list[str]:
    """The reasons `p` fails (empty: it passes). Raises ProbeError when the probe cannot be applied."""
    kind = p["kind"]
    return {"group": _check_group, "speaker": _check_speaker, "polarity": _check_polarity, "denial": _check_denial,
            "figures": _check_figures, "no_claim": _check_no_claim, "copy": _check_copy}[kind](p, ix)


def _group_for(p: dict, ix: BriefingIndex):
    text = p.get("claim") or p.get("text")
    if not text:
        raise ProbeError("a group probe needs `claim`")
    aid, s, e = ix.locate(p["article"], text) if p.get("article") else ix.locate_any(text)
    claim = ix.claim_at(aid, s, e)
    return claim, (ix.group_of.get(claim.id) if claim is not None else None)


def _check_group(p: dict, ix: BriefingIndex) -> list[str]:
    claim, g = _group_for(p, ix)
    if claim is None:
        return ["no claim covers this text"]
    if g is None:
        return [f"claim {claim.id} is in no claim group"]
    why = []
    if "origins" in p and g.independent_origins != int(p["origins"]):
        why.append(f"origins {g.independent_origins} (want {p['origins']}): "
                   + _names(f"{o.label} [{o.kind}]" for o in g.origins))
    for want in p.get("origin") or []:
        if not any(_match(want, [o.label, *(n for ch in o.chains for n in ix.node_names(ch[-1]))]) for o in g.origins):
            why.append(f"no origin {want!r} among: " + _names(o.label for o in g.origins))
    if "status" in p:
        want = str(p["status"])
        ok = g.status != "corroborated" if want.replace("_", " ") == "not corroborated" else g.status == want
        if not ok:
            why.append(f"status {g.status} (want {want})")
    return why


def _check_speaker(p: dict, ix: BriefingIndex) -> list[str]:
    aid, s, e = ix.locate(p.get("article"), p["text"])
    claim = ix.claim_at(aid, s, e)
    chain = list(claim.chain) if claim is not None else []
    if claim is None:  # no claim here: judge by the attribution whose content covers the text
        ann = ix.annotations[aid]
        att = max((a for a in ann.attributions if any(c.start < e and s < c.end for c in a.content)),
                  key=lambda a: max(min(e, c.end) - max(s, c.start) for c in a.content), default=None)
        chain = list(att.chain) if att is not None else []
    sources = [n for n in chain if n.kind != "outlet"]
    why = []
    if "speaker" in p:
        if p["speaker"] is None:
            if sources:
                why.append("outlet's own voice expected, got " + _names(n.label for n in sources))
        # the speaker is who the article quotes (the first source) or, read as the origin, the chain's end: both
        # are fair readings of "who says it"; `chain` checks every link
        elif not sources or not (_match(p["speaker"], ix.node_names(sources[0]))
                                 or _match(p["speaker"], ix.node_names(sources[-1]))):
            why.append(f"speaker {sources[-1].label if sources else '(none)'!r} (want {p['speaker']!r})")
    if p.get("chain"):
        want = list(p["chain"])
        ok = len(want) == len(chain) and all(_match(w, ix.node_names(n)) for w, n in zip(want, chain))
        if not ok:
            why.append("chain " + " → ".join(n.label for n in chain) + " (want " + " → ".join(want) + ")")
    return why


def _check_polarity(p: dict, ix: BriefingIndex) -> list[str]:
    aid, s, e = ix.locate(p.get("article"), p["text"])
    claim = ix.claim_at(aid, s, e)
    if claim is None:
        return ["no claim covers this text"]
    why = []
    if "polarity" in p and claim.polarity != p["polarity"]:
        why.append(f"polarity {claim.polarity} (want {p['polarity']})")
    if "certainty" in p and claim.certainty != p["certainty"]:
        why.append(f"certainty {claim.certainty} (want {p['certainty']})")
    return why


def _check_denial(p: dict, ix: BriefingIndex) -> list[str]:
    aid, s, e = ix.locate(p.get("article"), p["text"])
    here = [d for d in ix.briefing.denials if d.article_id == aid and d.span.start < e and s < d.span.end]
    denials = [d for d in here if not d.negated and d.kind == "denial"]
    if p.get("negated"):
        # a non-denial must never be shown as a denial (being listed as a non-denial is what it should be)
        claim = ix.claim_at(aid, s, e)
        why = [f"shown as a denial by {d.actor!r}" for d in denials]
        if claim is not None and claim.polarity == "denied":
            why.append(f"claim {claim.id} has polarity denied")
        return why
    if not denials:
        return ["no denial found here" + (" (only a non-denial)" if here else "")]
    d = max(denials, key=lambda d: min(e, d.span.end) - max(s, d.span.start))
    why = []
    if p.get("denier") and not _match(p["denier"], [d.actor, *ix.aliases(d.actor_entity_id)]):
        why.append(f"denier {d.actor!r} (want {p['denier']!r})")
    if p.get("denies"):
        where = ix.locate(p["denies_article"], p["denies"]) if p.get("denies_article") else ix.locate_any(p["denies"])
        target = ix.claim_at(*where)
        g = ix.group_of.get(target.id) if target is not None else None
        if g is None:
            why.append("the denied claim is in no group")
        elif g.id not in d.claim_group_ids:
            shown = [x.representative.text[:60] for x in ix.briefing.claim_groups if x.id in d.claim_group_ids]
            why.append(f"linked to {_names(shown)} instead of {g.representative.text[:60]!r}")
        own = ix.claim_at(aid, s, e)
        if g is not None and own is not None and ix.group_of.get(own.id) is g:
            why.append("the denial sits in the group it denies")
    return why


def _figure_at(ix: BriefingIndex, side: dict):
    aid, s, e = ix.locate(side.get("article"), side["text"])
    figs = [f for f in ix.annotations[aid].figures if f.start < e and s < f.end]
    if not figs:
        return None
    return max(figs, key=lambda f: min(e, f.end) - max(s, f.start))


def _check_figures(p: dict, ix: BriefingIndex) -> list[str]:
    fa, fb = _figure_at(ix, p["a"]), _figure_at(ix, p["b"])
    if fa is None or fb is None:
        return ["no figure found at " + ("a" if fa is None else "b")]
    from ..crossdoc.figures import interval, verdict_of

    verdict = "none"
    for fc in ix.briefing.figure_table:
        ids = {s.figure_id for s in fc.sides}
        if fa.id in ids and fb.id in ids:
            # the two side by side: a comparison row of three or more sides has one verdict for all of them
            verdict = verdict_of([interval(fa), interval(fb)]) if len(ids) > 2 else fc.verdict
            break
    return [] if verdict == p["verdict"] else [f"verdict {verdict} (want {p['verdict']})"]


def _check_no_claim(p: dict, ix: BriefingIndex) -> list[str]:
    aid, s, e = ix.locate(p.get("article"), p["text"])
    half = (e - s) / 2
    bad = [c for c in ix.annotations[aid].claims if not c.headline and min(e, c.end) - max(s, c.start) > half]
    return [f"claim {c.id}: {c.text[:70]!r}" for c in bad]


def _check_copy(p: dict, ix: BriefingIndex) -> list[str]:
    aid = ix.article(p["article"])
    links = [c for c in ix.briefing.copies if c.article_id == aid]
    if p.get("copy_of") is None:
        return [f"marked a {c.kind} of {c.copy_of}" for c in links]
    want = ix.article(p["copy_of"])
    if not links:
        return [f"not recognised as a copy of {p['copy_of']}"]
    if ix.copy_root(aid) != ix.copy_root(want) and ix.copy_root(aid) != want:
        return [f"marked a copy of {links[0].copy_of} (want {p['copy_of']})"]
    return []


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _badges(marked: int, judged: int, right: int) -> dict:
    """Counts of "corroborated" badges and their precision over the judged ones and over all shown."""
    return {"marked": marked, "judged": judged, "right": right,
            "precision_judged": _share(right, judged), "precision_strict": _share(right, marked)}


def _rates(per_kind: dict[str, dict]) -> dict:
    """Adds each kind's pass rate in place; returns the overall passed / total / rate."""
    for m in per_kind.values():
        m["rate"] = _share(m["passed"], m["total"])
    passed = sum(m["passed"] for m in per_kind.values())
    total = sum(m["total"] for m in per_kind.values())
    return {"passed": passed, "total": total, "rate": _share(passed, total)}


def corroborated_precision(ix: BriefingIndex, probes: Sequence[dict]) -> dict:
    """Of the groups marked corroborated: judged right / wrong by a gold group probe inside them, or unjudged."""
    verdict: dict[str, bool] = {}
    for p in probes:
        if p["kind"] != "group" or ("origins" not in p and "status" not in p):
            continue
        try:
            _, g = _group_for(p, ix)
        except ProbeError:
            continue
        if g is None or g.status != "corroborated" or g.id in verdict:
            continue
        # contested rests on two or more origins too (it is opposed while resting on them; FORMAT.md)
        verdict[g.id] = int(p["origins"]) >= 2 if "origins" in p else p["status"] in ("corroborated", "contested")
    marked = [g for g in ix.briefing.claim_groups if g.status == "corroborated"]
    right = sum(verdict.get(g.id, False) for g in marked)
    judged = sum(g.id in verdict for g in marked)
    return {**_badges(len(marked), judged, right),
            "wrong": [g.representative.text[:90] for g in marked if verdict.get(g.id) is False],
            "unjudged": [g.representative.text[:90] for g in marked if g.id not in verdict]}


def score(gold: dict, briefing: Briefing) -> dict:
    ix = BriefingIndex(briefing)
    per_kind = {k: {"passed": 0, "total": 0} for k in KINDS}
    failures, unusable = [], []
    origin_counts = {"right": 0, "total": 0}
    for n, p in enumerate(gold["probes"], 1):
        try:
            why = check_probe(p, ix)
        except ProbeError as exc:
            why = [f"unusable probe: {exc}"]
            unusable.append(n)
        per_kind[p["kind"]]["total"] += 1
        per_kind[p["kind"]]["passed"] += not why
        if p["kind"] == "group" and "origins" in p:
            origin_counts["total"] += 1
            origin_counts["right"] += not any(w.startswith(("origins ", "no claim", "claim ", "unusable")) for w in why)
        if why:
            failures.append({"probe": n, "kind": p["kind"], "article": p.get("article"),
                             "text": p.get("claim") or p.get("text") or p.get("a", {}).get("text"), "why": why})
    overall = _rates(per_kind)
    return {"name": gold.get("name"), "per_kind": per_kind, "overall": overall,
            "origin_count_accuracy": _share(origin_counts["right"], origin_counts["total"]),
            "origin_counts": origin_counts,
            "corroborated": corroborated_precision(ix, gold["probes"]),
            "unusable_probes": unusable, "failures": failures}


def evaluate(gold_paths: Sequence[Path], paths: Sequence[str] = (), out: Path | None = None,
             ner_mode: str = "accurate", show_failures: int = 20, console: Console | None = None) -> dict:
    """Brief each gold file's corpus (or `paths`), score its probes, print a table and failures, write JSON."""
    from ..run import analyse_inputs, make_briefing

    console = console or Console()
    results = []
    for gold_path in gold_paths:
        gold = load_gold(gold_path)
        corpus = list(paths) or corpus_paths(gold_path, gold)
        missing = [c for c in corpus if not Path(c).exists()]
        if missing or not corpus:
            console.print(f"[yellow]skipped {gold_path}: corpus not found ({', '.join(missing) or 'none given'})[/yellow]")
            continue
        inputs, articles, annotations = analyse_inputs(corpus, ner_mode=ner_mode)
        result = score(gold, make_briefing(inputs, articles, annotations))
        result["gold"] = str(gold_path)
        results.append(result)
        _print(result, console, show_failures)
    summary = {"gold_files": results}
    if len(results) > 1:
        summary["all"] = _pool(results)
        _print_table("all gold files", summary["all"], console)
    write_json(summary, out)
    return summary


def _pool(results: list[dict]) -> dict:
    per_kind = {k: {"passed": sum(r["per_kind"][k]["passed"] for r in results),
                    "total": sum(r["per_kind"][k]["total"] for r in results)} for k in KINDS}
    overall = _rates(per_kind)
    cor = [r["corroborated"] for r in results]
    oc = {k: sum(r["origin_counts"][k] for r in results) for k in ("right", "total")}
    return {"per_kind": per_kind, "overall": overall, "origin_count_accuracy": _share(oc["right"], oc["total"]),
            "corroborated": _badges(*(sum(c[k] for c in cor) for k in ("marked", "judged", "right")))}


def _print_table(title: str, result: dict, console: Console) -> None:
    table = Table(title=title)
    for col in ("probe kind", "passed", "total", "rate"):
        table.add_column(col, justify="left" if col == "probe kind" else "right")
    for k, m in [*result["per_kind"].items(), ("all", result["overall"])]:
        if m["total"]:
            table.add_row(k, str(m["passed"]), str(m["total"]), f"{m['rate']:.3f}")
    console.print(table)
    if result.get("origin_count_accuracy") is not None:
        console.print(f"independent-origin counts right: {result['origin_count_accuracy']:.3f}")
    c = result["corroborated"]
    console.print(f"corroborated badges: {c['marked']} shown, {c['judged']} judged by a probe, {c['right']} right "
                  f"(precision judged {c['precision_judged']}, strict {c['precision_strict']})")


def _print(result: dict, console: Console, show_failures: int) -> None:
    _print_table(f"judgement: {result['name'] or result['gold']}", result, console)
    c = result["corroborated"]
    for text in c["wrong"][:5]:
        console.print(f"  [red]wrongly corroborated[/red]: {text}")
    for text in c["unjudged"][:5]:
        console.print(f"  [yellow]corroborated, no probe[/yellow]: {text}")
    for f in result["failures"][:show_failures]:
        console.print(f"  [red]✗[/red] #{f['probe']} {f['kind']} {f['article'] or ''}: {f['text']!r} — "
                      + "; ".join(f["why"]), highlight=False)
    if len(result["failures"]) > show_failures:
        console.print(f"  … {len(result['failures']) - show_failures} more failures in the JSON output")
