"""Single-file HTML report: `render(briefing) -> str`.

The page needs no network: CSS and JS are inline, the article texts travel inside the page as JSON (escaped so
that no `</script>` in an article can end the block), and a Content-Security-Policy allows only the report's own
script (by hash) — a hostile article cannot run code even if escaping failed somewhere. Every item links to its
span as `#ref=<article>:<start>:<end>`; the script opens the article with exactly that range highlighted.
Offsets are Python code-point offsets; the script slices by code points too (`Array.from`), so emoji and other
astral characters do not shift the highlight.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..model import Briefing, InputRecord, SourceNode, Span
from . import i18n
from .dates import readable_markup
from .outlets import Label, baked_labels, chain_article, display_source, outlet_labels, relabel_chain

TEMPLATES = Path(__file__).parent / "templates"
STATUSES = ("corroborated", "single_origin", "contested", "denied", "unverified", "unattributed", "not_determined")
STANCE_SYMBOL = {"supports": "●", "hedges": "◐", "reports": "○", "denies": "✕"}


# ---------------------------------------------------------------------------------------------- helpers


def json_for_script(data) -> Markup:
    """JSON safe inside <script type="application/json">: no '<', '>', '&' or JS line separators in raw form."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)


def ref(span: Span | None) -> str:
    """The reference string of a span: 'article:start:end' (article id URL-quoted)."""
    if span is None:
        return ""
    return f"{quote(span.article_id, safe='')}:{span.start}:{span.end}"


def aref(article_id: str) -> str:
    """Reference that opens an article without highlighting anything."""
    return f"{quote(article_id, safe='')}::"


def short(text: str | None, n: int = 160) -> str:
    if isinstance(text, Label):  # both languages shortened
        return Label(short(text.de, n), short(text.en, n))
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def fmt_number(x: float | None) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def fmt_figure(side) -> str:
    if side.low is not None and side.high is not None and side.low != side.high:
        value = f"{fmt_number(side.low)}–{fmt_number(side.high)}"
    else:
        value = fmt_number(side.value if side.value is not None else side.low if side.low is not None else side.high)
    if side.lower_bound:
        value = "≥ " + value
    elif side.upper_bound:
        value = "≤ " + value
    return value or short(side.span.text, 40)


def chain_labels(chain: list[SourceNode], labels: dict | None = None) -> list[dict]:
    """A chain's nodes for a template; with `labels` (article id → outlet label) an unnamed outlet reads its label."""
    if labels:
        chain = relabel_chain(chain, labels.get(chain_article(chain) or ""))
    return [{"label": n.label, "kind": n.kind, "ref": ref(n.span),
             "alts": [a.label for a in n.alternatives]} for n in chain]


@lru_cache(maxsize=1)
def _env() -> Environment:
    return make_env()


def make_env(extra_dirs: list[Path] | None = None) -> Environment:
    """A Jinja environment with autoescape on and the report's helpers; `extra_dirs` come first (web app)."""
    env = Environment(
        loader=FileSystemLoader([str(p) for p in (extra_dirs or [])] + [str(TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(t=t_markup, tt=i18n.text, ref=ref, aref=aref, short=short, fmt_figure=fmt_figure,
                       STANCE_SYMBOL=STANCE_SYMBOL, STATUSES=STATUSES, input_message=input_message,
                       source_name=display_source, when=readable_markup, bilingual=bilingual)
    env.filters["plain"] = plain
    return env


def plain(value) -> str:
    """One plain text (for attributes): a two-language label gives its German text."""
    return str.__str__(value) if isinstance(value, str) else str(value)


def bilingual(de: str, en: str) -> Markup:
    """Two texts, one per interface language (CSS shows the active one); one plain text when they agree."""
    if de == en:
        return escape(de)
    return Markup(f'<span class="i18n" lang="de">{escape(de)}</span><span class="i18n" lang="en">{escape(en)}</span>')


def input_message(record: InputRecord) -> Markup:
    """What happened to an input, in the interface language: its error kind and its message."""
    parts = []
    if record.error_kind:
        parts.append(Markup('<b class="ql-error-kind" data-kind="{}">{}</b> ').format(record.error_kind, bilingual(i18n.error_kind(record.error_kind, "de"),
                                                          i18n.error_kind(record.error_kind, "en"))))
    if record.message:
        parts.append(bilingual(*i18n.message(record.message, record.error_kind)))
    return Markup("").join(parts)


def t_markup(key: str) -> Markup:
    """Both languages, the inactive one hidden by CSS (the toggle switches without reloading)."""
    de, en = (escape(i18n.text(key, "de")), escape(i18n.text(key, "en")))
    return Markup(f'<span class="i18n" lang="de">{de}</span><span class="i18n" lang="en">{en}</span>')


@lru_cache(maxsize=1)
def assets() -> tuple[str, str, str]:
    """(css, js, CSP source for the js) — the script is allowed by its sha256 hash."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    return css, js, f"'sha256-{digest}'"


def content_security_policy() -> str:
    _, _, script_src = assets()
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src {script_src}; base-uri 'none'; form-action 'self'")


# ---------------------------------------------------------------------------------------------- story filter


def select_story(briefing: Briefing, story_id: str) -> Briefing:
    """The part of a briefing that belongs to one story (its articles, groups, figures, denials, timeline)."""
    story = next((s for s in briefing.stories if s.id == story_id), None)
    if story is None:
        raise KeyError(story_id)
    ids = set(story.article_ids)
    groups = [g for g in briefing.claim_groups if g.story_id == story_id]
    group_ids = {g.id for g in groups}
    return briefing.model_copy(update={
        "inputs": [r for r in briefing.inputs if r.article_id in ids or r.status != "ok" and r.article_id is None],
        "articles": [a for a in briefing.articles if a.id in ids],
        "annotations": [a for a in briefing.annotations if a.article_id in ids],
        "entities": [e for e in briefing.entities if not e.article_ids or ids.intersection(e.article_ids)],
        "stories": [story],
        "claim_groups": groups,
        "figure_table": [f for f in briefing.figure_table if f.story_id == story_id],
        "denials": [d for d in briefing.denials if d.story_id == story_id],
        "timeline": [t for t in briefing.timeline if t.span.article_id in ids],
        "summary": [s for s in briefing.summary if s.span.article_id in ids
                    and (s.claim_group_id is None or s.claim_group_id in group_ids)],
    })


# ---------------------------------------------------------------------------------------------- view model


def _node_key(node: SourceNode) -> str:
    return node.entity_id or " ".join(node.label.lower().split())


def source_graph(briefing: Briefing, outlet_of: dict[str, str], per_column: int = 25) -> dict:
    """Lay out outlet → cited sources → origin as three columns of an SVG graph (positions computed here)."""
    chains: list[tuple[str, list[SourceNode]]] = []
    for ann in briefing.annotations:
        for claim in ann.claims:
            if claim.chain:
                chains.append((outlet_of.get(claim.article_id, claim.article_id), claim.chain))
    if not chains:  # fall back to the chains recorded on origins
        for group in briefing.claim_groups:
            for origin in group.origins:
                for chain in origin.chains:
                    if chain:
                        outlet = chain[0].label if chain[0].kind == "outlet" else "?"
                        chains.append((outlet, chain))
    nodes: dict[tuple[int, str], dict] = {}
    edges: Counter = Counter()

    def node(col: int, n: SourceNode | None, label: str, kind: str) -> tuple[int, str]:
        key = (col, _node_key(n) if n is not None else " ".join(label.lower().split()))
        # SVG text: one plain label (HTML spans would break out of the <svg>)
        entry = nodes.setdefault(key, {"label": plain(label), "kind": kind, "weight": 0, "ref": ""})
        entry["weight"] += 1
        if n is not None and n.span is not None and not entry["ref"]:
            entry["ref"] = ref(n.span)
        return key

    for outlet, chain in chains:
        rest = chain[1:] if chain[0].kind == "outlet" else chain
        if not rest:
            continue  # the outlet's own voice: no chain to draw
        path = [node(0, None, outlet, "outlet")]
        for n in rest[:-1]:
            path.append(node(1, n, n.label, n.kind))
        path.append(node(2, rest[-1], rest[-1].label, rest[-1].kind))
        for a, b in zip(path, path[1:]):
            if a != b:
                edges[(a, b)] += 1

    columns: list[list[tuple[int, str]]] = [[], [], []]
    for key in sorted(nodes, key=lambda k: (-nodes[k]["weight"], nodes[k]["label"].lower())):
        columns[key[0]].append(key)
    hidden = [max(0, len(c) - per_column) for c in columns]
    columns = [c[:per_column] for c in columns]
    row_h, top, width = 26, 40, 960
    xs = [16, 340, 664]
    node_w = 280
    height = top + row_h * max([len(c) for c in columns] + [1]) + 20
    pos = {}
    out_nodes = []
    for col, keys in enumerate(columns):
        for i, key in enumerate(keys):
            n = nodes[key]
            x, y = xs[col], top + i * row_h
            pos[key] = (x, y)
            out_nodes.append({**n, "x": x, "y": y, "w": node_w, "h": row_h - 6, "col": col,
                              "short": short(n["label"], 36)})
    out_edges = []
    for (a, b), count in sorted(edges.items(), key=lambda e: -e[1]):
        if a not in pos or b not in pos:
            continue
        (ax, ay), (bx, by) = pos[a], pos[b]
        ay += (row_h - 6) / 2
        by += (row_h - 6) / 2
        if a[0] == b[0]:  # two cited sources in a row: arc on the right of the column
            x1, x2 = ax + node_w, bx + node_w
            d = f"M{x1},{ay:.0f} C{x1 + 40},{ay:.0f} {x2 + 40},{by:.0f} {x2},{by:.0f}"
        else:
            x1, x2 = ax + node_w, bx
            mid = (x1 + x2) / 2
            d = f"M{x1},{ay:.0f} C{mid:.0f},{ay:.0f} {mid:.0f},{by:.0f} {x2},{by:.0f}"
        out_edges.append({"d": d, "count": count, "w": round(1 + 1.6 * math.log(count), 1),
                          "title": f"{nodes[a]['label']} → {nodes[b]['label']}: {count}"})
    return {"nodes": out_nodes, "edges": out_edges, "width": width, "height": height, "xs": xs,
            "hidden": hidden, "empty": not out_nodes}


def view_model(briefing: Briefing) -> dict:
    """Everything the templates show, precomputed (templates only loop and escape)."""
    articles = {a.id: a for a in briefing.articles}
    # readers see an outlet's name or "unbekanntes Medium 3", never an id or a file path (briefing/outlets.py)
    outlet_of = outlet_labels(briefing.articles, briefing.stories)
    baked = baked_labels(briefing.articles, outlet_of)

    def relabel(name):
        return baked.get(name, name) if name else name
    story_label = {s.id: s.label for s in briefing.stories}

    groups = []
    status_counts = Counter(g.status for g in briefing.claim_groups)
    for g in sorted(briefing.claim_groups, key=lambda g: (-len(g.origins), -len(g.members), g.id)):
        groups.append({
            "g": g, "ref": ref(g.representative), "text": g.representative.text,
            "story": story_label.get(g.story_id, g.story_id),
            "members": [{"m": m, "ref": ref(m.span), "outlet": m.outlet or outlet_of.get(m.article_id, m.article_id)}
                        for m in g.members],
            "origins": [{"o": o, "label": relabel(o.label), "chains": [chain_labels(c, outlet_of) for c in o.chains[:3]]}
                        for o in g.origins],
            "outlets": [relabel(o) for o in g.outlets],
            "first_reporter": relabel(g.first_reporter),
            "unattributed_by": [relabel(o) for o in g.unattributed_by],
        })

    # outlet × claim matrix: rows are claim groups, columns outlets; a cell links to the first member's span
    outlets = sorted({m.outlet or outlet_of.get(m.article_id, m.article_id) for g in briefing.claim_groups
                      for m in g.members} | {outlet_of[a] for a in outlet_of}, key=str.lower)
    matrix = []
    for item in groups:
        cells = {}
        for m in item["members"]:
            cells.setdefault(m["outlet"], m)
        matrix.append({"item": item, "cells": [cells.get(o) for o in outlets]})

    figures = []
    for f in briefing.figure_table:
        figures.append({"f": f, "story": story_label.get(f.story_id, f.story_id),
                        "sides": [{"s": s, "ref": ref(s.span), "value": fmt_figure(s),
                                   "outlet": relabel(s.outlet) or outlet_of.get(s.article_id, s.article_id),
                                   "chain": chain_labels(s.chain, outlet_of)} for s in f.sides]})
    figures.sort(key=lambda x: (x["f"].verdict != "conflict", x["f"].id))

    group_text = {g.id: short(g.representative.text, 80) for g in briefing.claim_groups}
    denials = [{"d": d, "ref": ref(d.span), "target_ref": ref(d.target),
                "outlet": outlet_of.get(d.span.article_id, d.span.article_id),
                "groups": [(gid, group_text.get(gid, gid)) for gid in d.claim_group_ids]} for d in briefing.denials]
    # a negated denial ("bestreitet nicht") is a non-denial: listed apart, never under denials or with their badge
    non_denials = [d for d in denials if d["d"].kind != "denial"]
    denials = [d for d in denials if d["d"].kind == "denial"]

    timeline = [{"e": e, "ref": ref(e.span), "time_ref": ref(e.time_span),
                 "when": readable_markup(e.when, e.time_span.text),  # never a raw TIMEX value ("TEV", "XXXX")
                 "outlet": relabel(e.outlet) or outlet_of.get(e.span.article_id, e.span.article_id),
                 "chain": chain_labels(e.chain, outlet_of)}
                for e in sorted(briefing.timeline, key=lambda e: (e.when, e.span.article_id, e.span.start))]

    entities = []
    for e in sorted(briefing.entities, key=lambda e: (-len(e.article_ids), -len(e.mention_ids), e.name.lower())):
        attrs = defaultdict(list)
        for a in e.attributes:
            attrs[a.kind].append({"value": a.value, "ref": ref(a), "outlet": outlet_of.get(a.article_id, "")})
        entities.append({"e": e, "attrs": sorted(attrs.items()), "aliases": [x for x in e.aliases if x != e.name]})

    flagged_total = sum(len(a.flagged) for a in briefing.articles)
    dates = sorted(a.published for a in briefing.articles if a.published)
    return {
        "b": briefing,
        "stories": [{"s": s, "n_groups": sum(1 for g in briefing.claim_groups if g.story_id == s.id),
                     "outlets": sorted({outlet_of.get(i, i) for i in s.article_ids}, key=str.lower)}
                    for s in briefing.stories],
        "summary": [{"item": s, "ref": ref(s.span), "outlet": relabel(s.outlet) or outlet_of.get(s.span.article_id, "")}
                    for s in briefing.summary],
        "status_counts": [(s, status_counts.get(s, 0)) for s in STATUSES],
        "groups": groups,
        "outlets": outlets,
        "matrix": matrix,
        "graph": source_graph(briefing, outlet_of),
        "figures": figures,
        "n_conflicts": sum(1 for f in briefing.figure_table if f.verdict == "conflict"),
        "denials": denials,
        "non_denials": non_denials,
        "timeline": timeline,
        "entities": entities,
        "articles": [{"a": a, "outlet": outlet_of[a.id]} for a in briefing.articles],
        "outlet_of": outlet_of,
        # copies and translations with the copy's reused passages (copies of articles shown here only)
        "copies": [{"c": c, "outlet": outlet_of.get(c.article_id, c.article_id),
                    "original": outlet_of.get(c.copy_of, c.copy_of), "ref": aref(c.article_id),
                    "passages": [{"ref": ref(p), "text": short(p.text, 160)} for p in c.passages[:3]],
                    "more": max(0, len(c.passages) - 3)}
                   for c in briefing.copies if c.article_id in outlet_of],
        "inputs": briefing.inputs,
        "flagged_total": flagged_total,
        "date_range": (dates[0], dates[-1]) if dates else None,
        "article_count": len(articles),
    }


def article_data(briefing: Briefing | None, ui_lang: str = "de", explicit: bool = False) -> dict:
    """What the script needs to show articles: texts, metadata, boilerplate spans; plus the JS strings."""
    labels = outlet_labels(briefing.articles, briefing.stories) if briefing is not None else {}
    return {
        "lang": ui_lang,
        "explicit": explicit,
        "i18n": i18n.js_strings(),
        "articles": {
            a.id: {
                # the outlet's label in the page's language; the input's name without its folders
                "text": a.text, "title": a.title or "", "outlet": labels[a.id].text(ui_lang),
                "source": display_source(a.source),
                "url": a.url or "", "published": a.published.isoformat() if a.published else "",
                "language": a.language or "",
                "flagged": [[f.start, f.end, f.reason, f.detail] for f in sorted(a.flagged, key=lambda f: f.start)],
            }
            for a in (briefing.articles if briefing is not None else [])
        },
    }


def render(briefing: Briefing, lang: str = "de", *, csp: bool = True, title: str | None = None) -> str:
    """The report as one self-contained HTML page. `lang` ('de' or 'en') picks the initial interface language."""
    lang = lang if lang in i18n.LANGS else "de"
    css, js, _ = assets()
    vm = view_model(briefing)
    return _env().get_template("report.html").render(
        vm=vm, lang=lang, css=Markup(css), js=Markup(js), csp=content_security_policy() if csp else None,
        data=json_for_script(article_data(briefing, lang)),
        page_title=title or (briefing.stories[0].label if len(briefing.stories) == 1 else None),
    )


def write(briefing: Briefing, path: Path | str, lang: str = "de") -> int:
    """Write the report; returns its size in bytes."""
    data = render(briefing, lang).encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)
