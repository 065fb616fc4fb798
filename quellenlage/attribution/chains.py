"""Source chains of one attribution: from the outlet (first) to the origin (last).

- The speaker is the origin; when its phrase is a source noun with an owner ("Angaben des Amts"), the owner is;
  with "eigenen Angaben", the clause's subject is.
- An anonymous source inside a named medium or body ("die Quelle der Zeitung X", "ein Insider der Post") is
  reached through it: outlet -> X -> the anonymous source (its description is what the text says).
- An addressee that is a medium other than the outlet relays what the speaker told it ("sagte X der Zeitung Y"
  in an article of another outlet: outlet -> Y -> X). "unserer Zeitung", or the outlet itself, is no relay.
- Sources the speaker cites ("unter Berufung auf A und B", "bezog sich auf A") come after it: outlet -> speaker
  -> A (B as an alternative at the same level).
"""
from __future__ import annotations

from ..model import SourceNode
from . import lexicon as lx
from .antecedents import mention_index, role_antecedent
from .kinds import head_mention, node_kind
from .speakers import head_end, owned_by_subject, owner

PRON = ("er", "sie", "he", "she", "they", "man")


def _label(ex, r: tuple[int, int], mention) -> str:
    """The phrase's text; an owner in the genitive loses its article when a name is all that follows ("des
    Landesumweltamts" -> "Landesumweltamts"; "der Zeitung Morgenblatt" keeps it)."""
    d = ex.d
    r = (r[0], head_end(ex, r))  # without a relative clause: "Eine Quelle, die anonym bleiben wollte" -> "Eine Quelle"
    text = ex.text[d.idx[r[0]]:d.end_char(r[1] - 1)]
    if d.L[r[0]] in ("des", "der", "dem", "den", "vom", "von") and r[1] - r[0] == 2 and mention is not None:
        return mention.text
    return text


def _outlet_same(outlet: str, text: str) -> bool:
    """The addressee is the article's own outlet: "unserer Zeitung", "uns", or the outlet's name."""
    low = text.lower()
    if low.split()[0] in ("unserer", "unserem", "unser", "uns", "us"):
        return True
    o = outlet.lower()
    core = [w for w in low.replace("„", " ").replace("“", " ").replace('"', " ").split()
            if w not in lx.DET and w[:1].isalpha()]
    return bool(o) and any(len(w) > 2 and (w in o or o in w) for w in core[-2:])


class ChainBuilder:
    """Builds SourceNodes for the records of one extractor (`ex`) and context (`ctx`)."""

    def __init__(self, ex, ctx, outlet: SourceNode, resolve):
        self.ex, self.ctx, self.outlet, self.resolve = ex, ctx, outlet, resolve
        self.mentions = mention_index(ex)  # by position: asked for every speaker, relay and origin

    def chars(self, r):
        d = self.ex.d
        return d.idx[r[0]], d.end_char(r[1] - 1)

    def node(self, r, pronoun: bool = False) -> tuple[SourceNode, object]:
        """(node, its mention) for the phrase at token range r."""
        cs, ce = self.chars(r)
        span = self.ctx.span(cs, ce)
        if pronoun:
            m, named = self.resolve(cs, ce, True)
            label = named.text if named is not None else span.text
            kind = node_kind(label, named, pronoun=True)
            ent = (named.entity_id if named is not None else None) or (m.entity_id if m is not None else None)
            return SourceNode(label=label, kind=kind, span=span, entity_id=ent), (named or m)
        m = head_mention(self.mentions, cs, ce)
        if m is None:
            # A definite role noun ("der Landrat") is the person named before with that role.
            named = role_antecedent(self.ex, cs, ce)
            if named is not None:
                return SourceNode(label=named.text, kind="person", span=span, entity_id=named.entity_id), named
        if m is None:
            # A nominal resolved to its antecedent ("Der Sprecher" after "Die Polizei Hamburg"): the antecedent
            # is the source, the span stays as written.
            mm, named = self.resolve(cs, ce, False)
            if named is not None:
                kind = node_kind(named.text, named)
                return SourceNode(label=named.text, kind=kind, span=span, entity_id=named.entity_id), named
            if mm is not None and mm.entity_id:
                m = mm
        label = _label(self.ex, r, m)
        kind = node_kind(label, m)
        if m is None:
            # Still linked to an overlapping mention (a nominal "Der Minister"), though it gives no kind.
            m = next(iter(self.mentions.overlapping(cs, ce)), None)
        return SourceNode(label=label, kind=kind, span=span, entity_id=m.entity_id if m is not None else None,
                          description=span.text if kind == "anonymous" else None), m

    def origin(self, rec) -> tuple[list[SourceNode], object]:
        """The nodes after the outlet for rec's speaker (relay, then origin) and the mention of the origin."""
        ex = self.ex
        sp = rec.speaker
        if sp is None or rec.no_source:
            return [], None
        # A pronoun that continues the speaker before it is that speaker (see antecedents.py).
        sp = getattr(ex, "antecedents", {}).get(sp, sp)
        text = ex.text[ex.d.idx[sp[0]]:ex.d.end_char(sp[1] - 1)]
        if text.lower() in PRON:
            node, m = self.node(sp, pronoun=True)
            return [node], m
        target = sp
        if owned_by_subject(ex, sp):
            lo, hi = ex.sents[rec.sent]
            subj = ex._subject_np(lo, hi, cue_verbs=False) if lo < hi else None
            if subj is not None and not (subj[0] <= sp[0] < subj[1]):
                target = subj
        else:
            own = owner(ex, sp)
            if own is not None:
                target = own
        node, m = self.node(target)
        nodes = [node]
        if node.kind == "anonymous":
            relay = self._relay_inside(target)
            if relay is not None:
                nodes.insert(0, relay)
        return nodes, m

    def _relay_inside(self, r) -> SourceNode | None:
        """A named medium in an anonymous phrase's genitive ("die Quelle der Zeitung X")."""
        r = (r[0], head_end(self.ex, r))  # not into a relative clause
        cs, ce = self.chars(r)
        m = head_mention(self.mentions, cs, ce)
        if m is None:
            # No mention: the genitive owner's own words ("ein Insider der „Morgenpost“").
            L = self.ex.d.L
            k = next((k for k in range(r[0] + 1, r[1] - 1) if L[k] in ("der", "des", "of")), None)
            if k is None:
                return None
            node, _ = self.node((k, r[1]))
            return node if node.kind == "media" else None
        kind = node_kind(m.text, m)
        if kind != "media":
            return None  # a body is the source's affiliation ("ein Vertreter des Amts"), a medium its relay
        return SourceNode(label=m.text, kind=kind, span=self.ctx.span(m.start, m.end), entity_id=m.entity_id)

    def addressee_relay(self, rec) -> SourceNode | None:
        if rec.addressee is None:
            return None
        node, _ = self.node(rec.addressee)
        if node.kind != "media" or _outlet_same(self.outlet.label, node.label):
            return None
        words = node.label.split()
        if len(words) == 2 and words[0].lower() in lx.DET:  # "der Abendpost" -> the medium "Abendpost"
            node = node.model_copy(update={"label": words[1]})
        return node

    def cited(self, rec) -> SourceNode | None:
        if not rec.berufung:
            return None
        nodes = [self.node(b)[0] for b in rec.berufung]
        return nodes[0].model_copy(update={"alternatives": nodes[1:]})

    def cited_relay(self, rec) -> SourceNode | None:
        """The medium an anonymous cited source is reached through ("bezog sich auf einen Insider der Zeitung X")."""
        if not rec.berufung:
            return None
        node = self.node(rec.berufung[0])[0]
        return self._relay_inside(rec.berufung[0]) if node.kind == "anonymous" else None

    def chain(self, rec) -> tuple[list[SourceNode], object]:
        """The full chain for rec and the mention of its speaker's node."""
        nodes, m = self.origin(rec)
        chain = [self.outlet]
        relay = self.addressee_relay(rec)
        if relay is not None and len(nodes) > 1 and len(relay.label.split()) == 1 and relay.label.istitle() \
                and relay.span is not None and not self.mentions.overlapping(relay.span.start, relay.span.end):
            relay = None  # "sagte der Zeitung" after "Die Quelle der Post": the same medium, already named
        if relay is not None and nodes:
            chain.append(relay)
        chain.extend(nodes)
        cited = self.cited(rec)
        if cited is not None:
            relay = self.cited_relay(rec)
            if relay is not None:
                chain.append(relay)
            chain.append(cited)
        return chain, m
