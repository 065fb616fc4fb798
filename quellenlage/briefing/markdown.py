"""briefing.md: the briefing as Markdown a reader can scan.

Order: summary (verbatim extracts) · claims with more than one independent origin · claims resting on one origin ·
contested/denied claims with their denials beside them · claims flagged as not independently verified · figures
side by side (with origins) · denials and what they deny · outlet x claim matrix · timeline · stories · entities ·
copies/translations · every input and what happened to it · flagged boilerplate per article. Every quoted line
carries its reference `[article:start-end]`; nothing here is generated text except labels and counts.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

from ..model import Briefing, ClaimGroup, SourceNode, Span

SUMMARY_KIND = {"corroborated": "**corroborated** ", "figure_conflict": "**figures disagree** ", "denial": "**denial** ",
                "single_origin": "**one source** ", "unattributed": "**no source named** "}
STANCE = {"supports": "●", "reports": "○", "hedges": "◐", "denies": "✕"}
STATUS = {
    "corroborated": "✅ corroborated",
    "single_origin": "☝️ single origin",
    "contested": "⚖️ contested",
    "denied": "⛔ denied",
    "unverified": "❓ unverified",
    "unattributed": "🔇 unattributed",
    "not_determined": "· not determined",
}


_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def escape_embedded(markdown: str) -> str:
    """Markdown in which nothing from an article can act as HTML, an autolink, a link or an image.

    Applied to the whole rendered document because article text, titles, outlets, entity names, source labels
    and file names are embedded in many places, and none of this module's own markup uses `<`, `&name;` or `](`:
    `<` becomes `&lt;` (no raw HTML block or inline tag, no `<scheme:...>` autolink), an `&` that would start an
    entity reference becomes `&amp;` (so `&lt;script&gt;` displays as written), and `](` becomes `]\\(` (no
    inline link or image). A CommonMark viewer shows each character as the article has it.
    """
    return _ENTITY.sub("&amp;", markdown).replace("<", "&lt;").replace("](", "]\\(")


def _one_line(text: str | None, n: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def source_name(source: str | None) -> str:
    """The file name of an input (last path component, in full); URLs and other sources as given."""
    src = (source or "").strip()
    if "://" in src or not src:
        return src
    return re.split(r"[\\/]", src.rstrip("/\\"))[-1] or src


def cell(text: str | None, n: int = 120) -> str:
    return _one_line(text, n).replace("|", "\\|")


def ref(span: Span | None) -> str:
    return f"[{span.article_id}:{span.start}-{span.end}]" if span is not None else ""


def quote(span: Span | None, n: int = 220) -> str:
    if span is None:
        return ""
    return f"„{_one_line(span.text, n)}“ {ref(span)}"


def chain_text(chain: list[SourceNode]) -> str:
    if not chain:
        return "outlet's own reporting"
    parts = []
    for node in chain:
        label = node.label or node.kind
        if node.kind == "anonymous" and node.description:
            label = f"{label} ({node.description})"
        parts.append(label)
    return " → ".join(parts)


def fmt_num(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isinf(x)):
        return "–"
    return f"{int(x):,}".replace(",", ".") if float(x).is_integer() else f"{x:,.2f}"


def _group_block(g: ClaimGroup, denials_by_group: dict, story_label: dict) -> list[str]:
    lines = [f"- **{STATUS.get(g.status, g.status)}** · {g.independent_origins} independent origin(s) · "
             f"{len(g.article_ids)} article(s) · `{g.id}`",
             f"  - {quote(g.representative)}"]
    if g.origins:
        lines.append("  - origins: " + "; ".join(
            f"**{o.label}** ({o.kind}; {len(o.article_ids)} article(s))" for o in g.origins))
        for o in g.origins:
            for ch in o.chains[:2]:
                lines.append(f"    - chain: {chain_text(ch)}")
    lines.append(f"  - outlets: {', '.join(g.outlets)}" + (f" · first reported by **{g.first_reporter}**"
                 + (f" ({g.first_published})" if g.first_published else "") if g.first_reporter else ""))
    stances = defaultdict(list)
    for m in g.members:
        stances[m.stance].append(m.outlet or m.article_id)
    lines.append("  - stance: " + "; ".join(f"{STANCE[s]} {s}: {', '.join(dict.fromkeys(v))}" for s, v in stances.items()))
    if g.unattributed_by:
        lines.append(f"  - stated without a source (own voice, no origin) by: {', '.join(g.unattributed_by)}")
    if g.unverified_by:
        lines.append(f"  - ⚠️ flagged as not independently verified by: {', '.join(g.unverified_by)}")
    if g.hedged_by:
        lines.append(f"  - hedged (reported with distance) by: {', '.join(g.hedged_by)}")
    for d in denials_by_group.get(g.id, []):
        lines.append(f"  - ⛔ **denied by {d.actor}** ({d.outlet or d.article_id}): {quote(d.span, 200)}")
    if g.linked_group_ids:
        lines.append(f"  - opposite claims: {', '.join('`' + x + '`' for x in g.linked_group_ids)}")
    if len(g.members) > 1:
        for m in g.members[1:6]:
            if m.span != g.representative:
                lines.append(f"    - also: {m.outlet or m.article_id}: {quote(m.span, 160)}")
    return lines


def render(briefing: Briefing) -> str:
    b = briefing
    out: list[str] = []
    add = out.append
    ok = sum(1 for r in b.inputs if r.status == "ok")
    add("# Quellenlage – briefing")
    add("")
    add(f"Generated {b.generated_at.isoformat(timespec='seconds')} by {b.generator} (schema {b.schema_version}). "
        f"{len(b.inputs)} input(s), {ok} analysed, {len(b.articles)} article(s), {len(b.stories)} story/stories, "
        f"{len(b.claim_groups)} claim group(s).")
    add("")
    add("Every quoted line is verbatim from an article; `[article:start-end]` gives its character offsets. "
        "Nothing here is generated text presented as fact.")
    for note in getattr(b, "notes", []) or []:
        add(f"> note: {_one_line(note, 300)}")
    add("")

    story_label = {s.id: s.label for s in b.stories}
    denials_by_group: dict[str, list] = defaultdict(list)
    for d in b.denials:
        if d.kind != "denial":  # a non-denial ("bestreitet nicht") never stands beside a claim as a denial
            continue
        for gid in d.claim_group_ids:
            denials_by_group[gid].append(d)

    add("## Summary (verbatim extracts)")
    add("")
    if not b.summary:
        add("_No summary: no claims or sentences were available._")
    for item in b.summary:
        label = SUMMARY_KIND.get(item.kind, "")
        add(f"- {label}{quote(item.span, 300)} — {item.outlet or ''}" + (f" · _{item.why}_" if item.why else ""))
    add("")

    affirmed = [g for g in b.claim_groups if g.polarity == "affirmed"]
    multi = [g for g in affirmed if g.independent_origins >= 2 and g.status not in ("contested", "denied")]
    single = [g for g in affirmed if g.independent_origins < 2 and g.status in ("single_origin",)]
    disputed = [g for g in affirmed if g.status in ("contested", "denied")]
    unverified = [g for g in affirmed if g.status == "unverified" or g.unverified_by]
    unattributed = [g for g in affirmed if g.status in ("unattributed", "not_determined")]
    key = lambda g: (-g.independent_origins, -len(g.article_ids), g.id)  # noqa: E731

    sections = [
        ("## Claims with more than one independent origin", multi, "_None: no claim is backed by two independent origins._"),
        ("## Claims resting on a single origin", single, "_None._"),
        ("## Contested or denied claims", disputed, "_None._"),
        ("## Claims flagged as not independently verified", unverified, "_None flagged._"),
        ("## Claims no source is named for (outlets' own voice)", unattributed, "_None._"),
    ]
    for title, groups, empty in sections:
        add(title)
        add("")
        if not groups:
            add(empty)
        for g in sorted(groups, key=key):
            out.extend(_group_block(g, denials_by_group, story_label))
        add("")
    negs = [g for g in b.claim_groups if g.polarity != "affirmed"]
    if negs:
        add("## Negated or denied statements (kept apart, linked to what they oppose)")
        add("")
        for g in negs:
            add(f"- {quote(g.representative)} — {', '.join(g.outlets)}; opposes: "
                + (", ".join(f"`{x}`" for x in g.linked_group_ids) or "nothing linked"))
        add("")

    add("## Figures side by side")
    add("")
    if not b.figure_table:
        add("_No figure counted the same thing in more than one article._")
    for fc in b.figure_table:
        add(f"**{cell(fc.counts, 80)}** — verdict: **{fc.verdict}**" + (f" ({fc.note})" if fc.note else "") + f" · `{fc.id}`")
        add("")
        add("| outlet | figure | value | bound | source chain | ref |")
        add("|---|---|---|---|---|---|")
        for s in fc.sides:
            value = fmt_num(s.value) if s.value is not None else f"{fmt_num(s.low)}–{fmt_num(s.high)}"
            bound = "lower bound (≥)" if s.lower_bound else "upper bound (≤)" if s.upper_bound else "range" if s.low is not None or s.high is not None else "exact"
            add(f"| {cell(s.outlet)} | {cell(s.span.text, 60)} | {value} | {bound} | {cell(chain_text(s.chain), 80)} | {ref(s.span)} |")
        add("")

    add("## Denials and what they deny")
    add("")
    order = lambda d: (d.actor, d.published or "", d.id)  # noqa: E731
    real = sorted((d for d in b.denials if d.kind == "denial"), key=order)
    non = sorted((d for d in b.denials if d.kind != "denial"), key=order)  # negated: shown apart, never as a denial
    if not real:
        add("_No denials found._")
    gmap = {g.id: g for g in b.claim_groups}
    for d in real + non:
        if non and d is non[0]:
            add("")
            add("### Non-denials (a denial negated: not denied)")
            add("")
        kind = "denies" if d.kind == "denial" else "non-denial: does not deny"
        add(f"- **{d.actor}** {kind} — {quote(d.span, 200)} ({d.outlet or d.article_id}{', ' + d.published if d.published else ''})")
        if d.target is not None:
            add(f"  - what: {quote(d.target, 160)}")
        for gid in d.claim_group_ids:
            g = gmap.get(gid)
            if g is not None:
                add(f"  - ↔ claim `{gid}` ({STATUS.get(g.status, g.status)}, {g.independent_origins} origin(s)): {quote(g.representative, 160)}")
        if not d.claim_group_ids:
            add("  - ↔ not linked to a claim group")
    add("")

    add("## Outlet × claim matrix")
    add("")
    cols = [g for g in sorted(affirmed, key=key)][:20]
    if not cols or not b.matrix:
        add("_No claim groups._")
    else:
        add("Legend: ● supports (outlet's voice) · ○ reports (attributed) · ◐ hedges / not verified · ✕ carries a denial or negation.")
        add("")
        for i, g in enumerate(cols, 1):
            add(f"- **C{i}** `{g.id}` ({g.independent_origins} origin(s), {g.status}): {cell(g.representative.text, 100)}")
        add("")
        add("| outlet | published | " + " | ".join(f"C{i}" for i in range(1, len(cols) + 1)) + " |")
        add("|---|---|" + "---|" * len(cols))
        for row in b.matrix:
            if not any(g.id in row.cells for g in cols):
                continue
            add(f"| {cell(row.outlet or row.article_id, 40)} | {cell(row.published or '', 20)} | "
                + " | ".join(STANCE.get(row.cells.get(g.id, ""), "") for g in cols) + " |")
        if len(affirmed) > len(cols):
            add(f"\n_{len(affirmed) - len(cols)} more claim group(s) in briefing.json._")
    add("")

    add("## Timeline")
    add("")
    if not b.timeline:
        add("_No dated events._")
    for ev in b.timeline[:100]:
        add(f"- **{ev.when}** ({ev.outlet or ev.span.article_id}; via {chain_text(ev.chain)}): {quote(ev.span, 200)}")
    if len(b.timeline) > 100:
        add(f"- _{len(b.timeline) - 100} more in briefing.json_")
    add("")

    add("## Stories")
    add("")
    for s in b.stories:
        add(f"- `{s.id}` **{cell(s.label, 120)}** — {len(s.article_ids)} article(s)"
            + (f", languages {', '.join(s.languages)}" if s.languages else "")
            + (f", {s.first_published} → {s.last_published}" if s.first_published else "")
            + (f"; entities: {', '.join(s.top_entities)}" if s.top_entities else ""))
    if not b.stories:
        add("_None._")
    add("")

    add("## Entities")
    add("")
    if not b.entities:
        add("_No entities._")
    for e in b.entities[:80]:
        aliases = [a for a in e.aliases if a != e.name]
        add(f"- **{e.name}** ({e.label}) — {len(e.article_ids)} article(s)" + (f"; also: {', '.join(aliases[:6])}" if aliases else "")
            + (f"; stands for {e.metonym_of}" if e.metonym_of else ""))
    if len(b.entities) > 80:
        add(f"- _{len(b.entities) - 80} more in briefing.json_")
    add("")

    copies = getattr(b, "copies", [])
    if copies:
        add("## Copies and translations (not independent)")
        add("")
        outlet = {a.id: a.outlet or a.id for a in b.articles}
        for c in copies:
            how = "reuses passages of" if c.kind == "contained" else f"is a {c.kind.replace('_', ' ')} of"
            add(f"- {outlet.get(c.article_id, c.article_id)} (`{c.article_id}`) {how} "
                f"{outlet.get(c.copy_of, c.copy_of)} (`{c.copy_of}`), similarity {c.similarity:.2f}"
                + (f", {c.containment:.0%} of the shorter text reused" if c.containment is not None else ""))
            passages = getattr(c, "passages", [])
            for p in passages[:3]:  # the copy's reused passages, in text order
                add(f"  - reused: {quote(p, 160)}")
            if len(passages) > 3:
                add(f"  - _{len(passages) - 3} more reused passage(s) in briefing.json_")
        add("")

    add("## Inputs")
    add("")
    add("| input | status | article | outlet | language | note |")
    add("|---|---|---|---|---|---|")
    arts = {a.id: a for a in b.articles}
    for r in b.inputs:
        a = arts.get(r.article_id or "")
        note = " ".join(x for x in (r.error_kind, r.message) if x)
        add(f"| {cell(source_name(r.source), 200)} | {r.status} | {r.article_id or ''} | {cell(a.outlet if a else '', 60)}"
            f"{' (inferred)' if a is not None and a.outlet_inferred else ''} | {a.language if a and a.language else ''} | {cell(note, 160)} |")
    if not b.inputs:
        add("| _no inputs_ | | | | | |")
    errors = [(n.article_id, e) for n in b.annotations for e in n.errors]
    if errors:
        add("")
        add("Stage errors:")
        for aid, e in errors:
            add(f"- `{aid}` {e.stage}: {cell(e.message, 200)}")
    add("")

    add("## Flagged boilerplate (excluded from analysis)")
    add("")
    any_flag = False
    for a in b.articles:
        if not a.flagged:
            continue
        any_flag = True
        add(f"- `{a.id}` ({a.outlet or a.source}):")
        for f in a.flagged:
            add(f"  - {f.reason}{': ' + f.detail if f.detail else ''} — {quote(f, 100)}")
    if not any_flag:
        add("_Nothing flagged._")
    add("")
    return escape_embedded("\n".join(out))
