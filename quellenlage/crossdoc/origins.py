"""Independent origins behind a claim group, and its status.

Origin (the product's definition, also in the README): the END of a source chain -- a named person,
organisation or document, or an anonymous source typed by what the text says and scoped by its relay ("an
insider, via the Washington Post"). Concretely, for each member claim (outlet -> relay ... -> end):
* the outlet's own voice (no source beyond the outlet) is *unattributed*: it is reported in
  `ClaimGroup.unattributed_by` and is no origin -- repeating a fact is not confirming it;
* the article's headline never adds support (`Claim.headline`): it may sit in a group, it adds no origin;
* a named end is keyed by its canonical entity (`SourceResolver`: the cross-article entity of a mention under
  the node's span, else an entity whose name or alias is the node's label), else by its normalised label --
  so one person spelled two ways, or with and without age, is one origin; "ein Sprecher der Polizei" is the
  police; "Angaben des X" is X (`norm_name`), a German genitive key is its base form when both occur;
* an anonymous or unknown end is keyed by the nearest named node that relays it, else by the outlet that
  heard it: one anonymous insider relayed by one newspaper is one origin however many outlets repeat it;
* a relay that, inside the group, relays exactly one origin is mapped onto it (article A cites "Reuters",
  article B cites "Reuters, citing Peskow": one origin, Peskow), relays collapse to their end;
* an article that copies or translates an earlier one adds nothing of its own when the earlier article is in
  the group (its members join that article's origins); otherwise its chains stand for the original's.
Outlet names and cited media share one namespace: an outlet cited by others ("wie die Morgenpost berichtet") is
the origin of what it reported, and its own unattributed article adds nothing more.

Status: corroborated = two or more independent origins, two of which are joined by members that restate each
other (`groups.restating_components`; otherwise not_determined: the members may say different things), and nobody
independent opposes it; contested = opposed
(a denial, a linked negated group with an origin of its own, a conflicting figure) while resting on two or more
origins, or opposed without a denial; denied = denied and resting on fewer than two origins; unverified = every
member is hedged, flagged as not independently verified or speculative; unattributed = no origin, only outlets'
own voices; not_determined = only headlines; single_origin otherwise.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, ArticleAnnotations, Claim, ClaimGroup, Entity, Origin, SourceNode
from .graphs import UnionFind
from .names import LEGAL_FORM, norm_name, outlet_label, outlet_of
from .records import construct

_NAMED = {"person", "organisation", "media", "document", "social_post", "group", "outlet"}
# A role noun in front of an organisation's name speaks for it: "ein Sprecher der Polizei" is the police.
_ROLE = (r"(?:\w*sprecher\w*|pressestelle|vertreter\w*|mitteilung|erklärung|statement|spokes\w+|representative|"
         r"präsident\w*|vizepräsident\w*|leiter\w*|chef\w*|direktor\w*|vorsitzende\w*|geschäftsführer\w*|"
         r"vorstand\w*|president|director|head|chief|chair\w*|ceo)")
_SPEAKS_FOR = re.compile(r"^(?:(?:der|die|das|ein|eine|einer|the|a|an)\s+)?(?:\w+\s+)?" + _ROLE + r"\b", re.I)
# "Präsidentin des Landesumweltamts", "Sprecher der Polizei": the role noun and what it is the role of
_ROLE_OF = re.compile(r"^\s*\w*" + _ROLE + r"\s+(?:des|der|von|vom|of the|of)\s+(.+)$", re.I)
_COMPANY_ROLE = re.compile(r"\b(?:geschäftsführer\w*|unternehmens\w*|firmen\w*|konzern\w*|werksleiter\w*|vorstand\w*|"
                           r"managing director|chief executive|ceo|company spokes\w+)", re.I)
# A one-word, lower-case "source" is a parsing leftover ("demnach", "zufolge"), not a source the text names.
_NOT_A_SOURCE = re.compile(r"^[^\WA-ZÄÖÜ]+$")
_AGE = re.compile(r"\s*\(\d{1,3}\)|,\s*\d{1,3}\s*,?")


class SourceResolver:
    """Canonical keys of source nodes across articles: one key per real-world source, however it is written."""

    def __init__(self, entities: Sequence[Entity] = (), annotations: Sequence[ArticleAnnotations] = ()):
        self.names = {e.id: e.name for e in entities}
        self.labels = {e.id: e.label for e in entities}
        alias: dict[str, set[str]] = {}
        for e in entities:
            for a in {e.name, *e.aliases}:
                k = norm_name(_AGE.sub("", a))
                if k:
                    alias.setdefault(k, set()).add(e.id)
        self.alias = {k: next(iter(v)) for k, v in alias.items() if len(v) == 1}  # ambiguous aliases name no one
        for k, e in list(self.alias.items()):  # "Landesumweltamts" (genitive) also answers to "Landesumweltamt"
            if len(k) > 5 and k.endswith("s"):
                self.alias.setdefault(k[:-2] if k.endswith("es") and k[:-2] in self.alias else k[:-1], e)
        self.mentions = {n.article_id: [m for m in n.mentions if m.entity_id and m.entity_id in self.names]
                         for n in annotations}
        self.speaks_for = self._speaks_for(entities)
        # people whose role is a company's without naming it ("Geschäftsführer", "Unternehmenssprecherin"), and the
        # firms (a legal form in the name) each article mentions: inside a group that mentions exactly one firm,
        # those people speak for it
        self.company_role = {e.id for e in entities if e.label == "PER" and e.id not in self.speaks_for and any(
            a.kind == "role" and _COMPANY_ROLE.search(a.value) for a in e.attributes)}
        firms = {e.id for e in entities if e.label != "PER" and LEGAL_FORM.search(e.name)}
        self.firms_in = {n.article_id: {m.entity_id for m in n.mentions if m.entity_id in firms} for n in annotations}

    def _speaks_for(self, entities: Sequence[Entity]) -> dict[str, list[str]]:
        """Person -> origin keys (best first) of what their stated role or affiliation names ("Präsidentin des
        Landesumweltamts", "Velmar-Sprecherin", "Sprecher des Bündnisses"): the two are one voice, not two
        independent origins. `collapse_origins` joins the person with the first candidate that is an origin of
        the group, so a doubtful candidate (a stray entity "Bündnisses") never joins anything by itself."""
        # any named entity a role names: an organisation ("Velmar-Sprecherin"; NER sometimes types a firm PER) or
        # a person ("Sprecher von X"). Names are looked up by the role's word n-grams (longest first), and
        # compound heads ("Bündnis" of "Aktionsbündnis") by a suffix index: no scan over all aliases per role.
        words_of = {w for k in self.alias for w in k.split()}
        heads: dict[str, set[str]] = {}
        for k, e in self.alias.items():
            if self.labels.get(e) != "PER":  # organisations, also the ones NER typed as places or other
                for x in k.split():
                    for cut in range(0, max(1, len(x) - 5)):
                        heads.setdefault(x[cut:], set()).add(e)
        out: dict[str, list[str]] = {}
        for e in entities:
            if e.label != "PER":
                continue
            found: dict[str, None] = {}
            for a in e.attributes:
                if a.kind not in ("role", "affiliation"):
                    continue
                # genitive "-s" off where the base is part of a name ("des Landesumweltamts")
                words = [w[:-1] if len(w) > 4 and w.endswith("s") and w[:-1] in words_of else w
                         for w in norm_name(a.value.replace("-", " ")).split()]
                grams = [" ".join(words[i:i + n]) for n in range(min(5, len(words)), 0, -1)
                         for i in range(len(words) - n + 1)]
                for g in grams:
                    if self.alias.get(g, e.id) != e.id:
                        found.setdefault(f"entity:{self.alias[g]}")
                stems = {x for w in words if len(w) >= 6 for x in (w, w[:-1], w[:-2]) if len(x) >= 6}  # genitive
                for h in sorted(set().union(*(heads.get(w, set()) for w in stems)) - {e.id}):
                    found.setdefault(f"entity:{h}")
                # an organisation that is no linked entity: its name key ("landesumweltamts")
                m = _ROLE_OF.match(a.value)
                if m and norm_name(m.group(1)):
                    found.setdefault(norm_name(m.group(1)))
            if found:
                out[e.id] = list(found)
        return out

    def entity_of(self, node: SourceNode) -> str | None:
        span = node.span
        if span is not None:
            under = [m for m in self.mentions.get(span.article_id, ()) if m.start < span.end and span.start < m.end]
            if under:
                if _SPEAKS_FOR.match(node.label):
                    orgs = [m for m in under if m.label == "ORG"]
                    if orgs:
                        return orgs[-1].entity_id
                people = [m for m in under if m.label == "PER"] if node.kind == "person" else []
                best = max(people or under, key=lambda m: m.end - m.start)
                # a mention covering only the start of the name ("Südwest" in "des Südwest-Kuriers") names another
                # thing; people are kept (the named person inside "the agency's president, Katrin Vogel")
                # a name closing the label is its head ("the local newspaper Brenntaler Anzeiger", "Angaben des X")
                if people or best.end >= span.end - 2 or (best.end - best.start) >= 0.6 * len(norm_name(node.label)):
                    return best.entity_id
        return self.alias_of(node.label)

    def alias_of(self, label: str) -> str | None:
        """The entity a name or alias names; a genitive form ("des Südwest-Kuriers") names its base form's."""
        k = norm_name(_AGE.sub("", label))
        found = self.alias.get(k)
        if found is None and len(k) > 5 and k.endswith("s"):
            found = self.alias.get(k[:-1]) or (self.alias.get(k[:-2]) if k.endswith("es") else None)
        return found

    def key(self, node: SourceNode) -> str:
        ent = self.entity_of(node)
        return f"entity:{ent}" if ent else norm_name(_AGE.sub("", node.label))

    def outlet_key(self, name: str) -> str:
        ent = self.alias_of(name)
        return f"entity:{ent}" if ent else norm_name(name)

    def label(self, key: str, fallback: str) -> str:
        return self.names.get(key[7:], fallback) if key.startswith("entity:") else fallback


def chain_origin(chain: Sequence[SourceNode], outlet_key: str, resolver: SourceResolver | None = None,
                 outlet: str | None = None) -> tuple[str, str, str, list[str]] | None:
    """(origin key, label, kind, relay keys) of one source chain, or None for the outlet's own voice.

    Relays are the named nodes before the end; an anonymous end is keyed by (and relayed by) its nearest named
    relay, else by the outlet that heard it."""
    resolver = resolver or SourceResolver()
    nodes = list(chain)
    while nodes and nodes[0].kind == "outlet":
        nodes = nodes[1:]
    if not nodes:
        return None
    nodes = [n for n in nodes if not (n.kind in ("anonymous", "unknown") and _NOT_A_SOURCE.match(n.label.strip())
                                      and (n.description or n.label).strip() == n.label.strip())]
    if not nodes:
        return None
    named = [(n, resolver.key(n)) for n in nodes if n.kind in _NAMED]
    named = [(n, k) for n, k in named if k]
    end = nodes[-1]
    if named and named[-1][0] is end:
        return named[-1][1], end.label, end.kind, [k for _, k in named[:-1]]
    scope_key, scope = (named[-1][1], named[-1][0].label) if named else (outlet_key, outlet)
    what = (end.description or end.label or "anonymous").strip()
    label = f"{what} (via {scope})" if scope else what
    return f"anonymous@{scope_key}", label, "anonymous", [k for _, k in named] + [scope_key]


def _base_keys(keys: set[str]) -> dict[str, str]:
    """German genitive keys onto their base form when both occur ("landesumweltamts" -> "landesumweltamt")."""
    out = {}
    for key in keys:
        for cut in (1, 2):
            if not key.startswith("entity:") and len(key) > 4 + cut and key.endswith("es"[2 - cut:]) \
                    and key[:-cut] in keys:
                out[key] = key[:-cut]
                break
    return out


def collapse_origins(
    group: ClaimGroup,
    claims: dict[str, Claim],
    articles: dict[str, Article],
    canonical: dict[str, str],
    resolver: SourceResolver | None = None,
    no_origin: set[str] | frozenset = frozenset(),
) -> list[Origin]:
    """The independent origins of a group's members (see the module docstring). `no_origin`: claims that report
    the group's claim without standing behind it -- a denier's rendering of what it denies ("wies Berichte zurück,
    wonach X": X there is the denier's content, yet the denier is no origin of X)."""
    resolver = resolver or SourceResolver()
    rows = []
    for ref in group.members:
        claim = claims.get(ref.claim_id)
        if claim is None or claim.headline or claim.id in no_origin:
            continue
        art = articles[ref.article_id]
        root = articles.get(canonical.get(art.id, art.id), art)
        found = chain_origin(claim.chain, resolver.outlet_key(outlet_of(root)), resolver, outlet_label(root))
        if found is not None:
            rows.append((ref, claim.chain, *found))
    if not rows:
        return []
    base = _base_keys({r[2] for r in rows} | {k for r in rows for k in r[5]})
    rows = [(ref, chain, base.get(k, k), label, kind, [base.get(x, x) for x in relays])
            for ref, chain, k, label, kind, relays in rows]
    uf = UnionFind()
    for r in rows:
        uf.find(r[2])
    # a copy adds nothing of its own when its original is in the group: its members join the original's origin
    root_keys: dict[str, list[str]] = {}
    for ref, _, key, _, _, _ in rows:
        if canonical.get(ref.article_id, ref.article_id) == ref.article_id:
            root_keys.setdefault(ref.article_id, []).append(key)
    for ref, _, key, _, _, _ in rows:
        src = canonical.get(ref.article_id, ref.article_id)
        if src != ref.article_id and src in root_keys and key not in root_keys[src]:
            uf.union(root_keys[src][0], key, prefer=root_keys[src][0])
    # people who speak for one organisation are that organisation's voice (joined with it when it is an origin)
    spokes: dict[str, str] = {}
    for _, _, key, _, _, _ in rows:
        options = resolver.speaks_for.get(key[7:], []) if key.startswith("entity:") else []
        if options:
            present = {r[2] for r in rows}
            # the first candidate that is an origin here, genitive or not; else the first one
            org_key = next((x for o in options for x in (o, o[:-1] if o.endswith("s") else o + "s") if x in present),
                           options[0])
            if org_key in present:
                uf.union(org_key, key, prefer=org_key)
            elif org_key in spokes:
                uf.union(spokes[org_key], key, prefer=spokes[org_key])
            else:
                spokes[org_key] = key
    firms = set().union(*(resolver.firms_in.get(ref.article_id, set()) for ref in group.members))
    if len(firms) == 1:
        firm = f"entity:{next(iter(firms))}"
        staff = [r[2] for r in rows if r[2].startswith("entity:") and r[2][7:] in resolver.company_role]
        for key in staff:
            uf.union(firm if any(r[2] == firm for r in rows) else staff[0], key,
                     prefer=firm if any(r[2] == firm for r in rows) else staff[0])
    # one person named in full and by surname ("Carola Wendt-Hagedorn", "Wendt-Hagedorn") where entity linking
    # kept them apart: inside one group of claims the surname names the same person
    full_name: dict[str, str] = {}  # surname -> key of the longest name ending in it
    for _, _, key, label, kind, _ in sorted(rows, key=lambda r: -len(r[3])):
        words = [w.strip(".,;:()\"'„“«»").casefold() for w in _AGE.sub("", label).split()]
        words = [w for w in words if w]
        if kind != "person" or not words:
            continue
        # also "Sprecherin Wendt-Hagedorn": two people sharing a surname inside one group of claims are rare, and
        # merging errs on the safe side (fewer origins, never a false "corroborated")
        surname = words[-1].split("-")[0]  # "Wendt-Hagedorn" is also "Wendt"
        if surname in full_name:
            uf.union(full_name[surname], key, prefer=full_name[surname])
        else:
            full_name[surname] = key
    # a relay that relays exactly one origin of the group is that origin
    relay_targets: dict[str, set[str]] = {}
    for _, _, key, _, _, relays in rows:
        for rk in relays:
            if rk != key:
                relay_targets.setdefault(rk, set()).add(key)
    for _, _, key, _, _, _ in rows:
        targets = relay_targets.get(key)
        if targets and len(targets) == 1:
            t = next(iter(targets))
            uf.union(t, key, prefer=t)
    # an unnamed source of a relay that names exactly one source in the group is that source's people ("officials"
    # the Meridian Post quotes, and the intelligence service the Post names): one origin, not two
    for rk, targets in relay_targets.items():
        anon = [t for t in targets if t == f"anonymous@{rk}"]
        named = [t for t in targets if not t.startswith("anonymous@")]
        if anon and len(named) == 1:
            uf.union(named[0], anon[0], prefer=named[0])
    found: dict[str, tuple[dict, dict, dict]] = {}
    labels: dict[str, tuple[int, str, str]] = {}
    for ref, chain, key, label, kind, _ in rows:
        root = uf.find(key)
        parts = found.setdefault(root, ({}, {}, {}))
        rank = 0 if key == root else 1  # the label of a chain that ends at the origin itself
        if root not in labels or rank < labels[root][0]:
            labels[root] = (rank, resolver.label(root, label or key), kind)
        claim_ids, article_ids, chains = parts
        claim_ids.setdefault(ref.claim_id)
        article_ids.setdefault(ref.article_id)
        # hashable key of a chain: comparing pydantic nodes in a list is quadratic and slow
        chains.setdefault(tuple((n.kind, n.label, n.entity_id, n.description) for n in chain), chain)
    # construct: all values come from validated claims and articles (~10^4 origins per 10^4 articles)
    return [construct(Origin, {"id": f"{group.id}-o{n}", "label": labels[root][1], "kind": labels[root][2],
                               "claim_ids": list(claim_ids), "article_ids": list(article_ids),
                               "chains": [list(chain) for chain in chains.values()]})
            for n, (root, (claim_ids, article_ids, chains)) in enumerate(found.items(), 1)]


def unattributed_outlets(group: ClaimGroup, claims: dict[str, Claim], articles: dict[str, Article]) -> list[str]:
    """Outlets that state the group's claim in their own voice, naming no source (headlines left out)."""
    out: dict[str, None] = {}
    for ref in group.members:
        c = claims.get(ref.claim_id)
        if c is not None and not c.headline and all(n.kind == "outlet" for n in c.chain):
            out.setdefault(outlet_label(articles[ref.article_id]))
    return list(out)


def restated_by_two_origins(group: ClaimGroup, restated: dict[str, int]) -> bool:
    """Members of two different origins of the group restate each other (one component of `restated`)."""
    origin_of = {cid: o.id for o in group.origins for cid in o.claim_ids}
    seen: dict[int, str] = {}
    for cid, comp in restated.items():
        o = origin_of.get(cid)
        if o is None:
            continue
        if seen.setdefault(comp, o) != o:
            return True
    return False


def group_status(group: ClaimGroup, claims: dict[str, Claim], figure_conflict: bool = False,
                 opposed: bool = False, restated: dict[str, int] | None = None) -> str:
    """The group's status (module docstring). `restated`: members that restate one another, by component
    (groups.restating_components); when given, two or more origins corroborate only if two of them have members
    in one component, else the status is not determined (the members may not say the same thing)."""
    n = group.independent_origins
    members = [c for c in (claims.get(r.claim_id) for r in group.members) if c is not None]
    if group.polarity == "affirmed" and group.denied_by:
        return "denied" if n < 2 else "contested"
    if n == 0:
        return "not_determined" if members and all(c.headline for c in members) else "unattributed"
    restates = restated is None or restated_by_two_origins(group, restated)
    if group.polarity != "affirmed":
        return ("corroborated" if restates else "not_determined") if n >= 2 else "single_origin"
    if opposed or figure_conflict:
        return "contested"
    if n >= 2:
        return "corroborated" if restates else "not_determined"
    body = [c for c in members if not c.headline]
    if body and all(c.certainty in ("hedged", "unverified", "speculative") for c in body):
        return "unverified"
    return "single_origin"
