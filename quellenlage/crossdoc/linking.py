"""Cross-article entity linking: mentions -> canonical entities with aliases, attributes side by side.

Keys instead of all-pairs: every name gets a transliteration-normalising key (Selenskyj / Zelensky / Selensky ->
'selenski'; Peskow / Peskov -> 'peskov'; Kim Jong-un / Kim Jong Un -> 'kim iong un'). Mentions are merged when
keys are equal, when rapidfuzz finds a close key among neighbours in the sorted key list or in a shared token
block, by surname -> full name (same article first, then a unique match in the corpus), by acronym <-> expansion
("Name (ACR)" in any text, initials, the organisation list), demonym -> country, and seat/capital metonyms.
Blocks and sorted neighbourhoods keep the work near n log n.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from ..entities.gazetteer import capitals, countries, country_display, organisations
from ..entities.lexicon import SEATS
from ..model import Article, ArticleAnnotations, Attribute, Entity, Mention
from .records import replaced

_LINKED_KINDS = ("name", "acronym", "metonym", "demonym")
# Transliteration/spelling classes, applied in order on the lower-cased, accent-free name.
_TRANSLIT = [("tsch", "ch"), ("sch", "sh"), ("zh", "sh"), ("kh", "h"), ("ck", "k"), ("ph", "f"), ("ou", "u"),
             ("dsch", "j"), ("ij", "i"), ("yj", "i"), ("iy", "i"), ("j", "i"), ("y", "i"), ("w", "v"),
             ("z", "s"), ("ß", "ss"), ("c", "k"), ("q", "k"), ("ue", "u"), ("oe", "o"), ("ae", "a")]
_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=200_000)
def translit_key(name: str) -> str:
    """Spelling-insensitive key of a name: accents off, transliteration classes merged, doubles collapsed."""
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    words = []
    for w in _WORD.findall(s):
        for a, b in _TRANSLIT:
            w = w.replace(a, b)
        w = re.sub(r"(.)\1+", r"\1", w)
        words.append(w)
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


class _UF:
    def __init__(self):
        self.p: dict = {}

    def find(self, x):
        self.p.setdefault(x, x)
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def _similar(a: str, b: str) -> bool:
    """Same name in another spelling: whole keys close AND last tokens close (keeps 'Kim Jong Un' apart from
    'Kim Yong Hyun', and 'Maria Weber' apart from 'Thomas Weber')."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return False
    return fuzz.ratio(a, b) >= 88 and all(fuzz.ratio(x, y) >= 75 for x, y in zip(ta, tb))


def _strip_genitive(text: str) -> str:
    return text[:-1] if len(text) > 3 and text.endswith("s") and not text.endswith("ss") else text


def link_entities(articles: list[Article], annotations: list[ArticleAnnotations]
                  ) -> tuple[list[Entity], list[ArticleAnnotations]]:
    texts = {a.id: a.text for a in articles}
    mentions: list[Mention] = [m for ann in annotations for m in ann.mentions if m.kind in _LINKED_KINDS]
    country_of = countries()
    display = country_display()
    orgs = organisations()
    uf = _UF()

    # 1. Node per (label, key); special nodes for countries and seats.
    node_of: dict[str, tuple] = {}
    metonym_of: dict[tuple, str] = {}
    country_node: dict[tuple, str] = {}
    for m in mentions:
        surface = m.text.strip()
        if m.kind == "demonym":
            from ..entities.gazetteer import demonym_country

            code = demonym_country(surface.split()[-1])
            node = ("COUNTRY", code) if code else ("LOC", translit_key(surface))
        elif m.kind == "metonym":
            base = _strip_genitive(surface) if _strip_genitive(surface) in SEATS else surface
            base = base if base in SEATS else _strip_genitive(base)
            # capitals() reads geonames' city table (about a second): only when a metonym is no known seat
            code, what = SEATS[base] if base in SEATS else (capitals().get(base), "Regierung")
            node = ("METONYM", translit_key(base))
            if code:
                metonym_of[node] = f"{what} ({display.get(code, code)})"
        elif m.label == "LOC" and (surface in country_of or _strip_genitive(surface) in country_of):
            node = ("COUNTRY", country_of.get(surface) or country_of[_strip_genitive(surface)])
        elif surface.isupper() and len(surface) <= 8:
            node = (m.label, surface)  # acronyms stay exact: 'CNN' and 'KN23' must not share a key
        else:
            node = (m.label, translit_key(surface))
        if node[0] == "COUNTRY":
            country_node[node] = display.get(node[1], node[1])
        node_of[m.id] = node
        uf.find(node)

    # 2. Spelling variants among full names: sorted neighbourhood + token blocks, rapidfuzz on keys.
    by_label: dict[str, set[str]] = defaultdict(set)
    for lab, key in {n for n in node_of.values() if n[0] in ("PER", "ORG", "LOC", "OTH")}:
        by_label[lab].add(key)
    for lab, keys in by_label.items():
        multi = sorted(k for k in keys if " " in k)
        for i, k in enumerate(multi):
            for other in multi[i + 1:i + 6]:
                if _similar(k, other):
                    uf.union((lab, k), (lab, other))
        blocks: dict[str, list[str]] = defaultdict(list)
        for k in multi:
            blocks[k.split()[-1]].append(k)
        for block in blocks.values():
            if len(block) > 50:
                continue  # very common surname: keys must match exactly
            for i, a in enumerate(block):
                for b in block[i + 1:]:
                    if _similar(a, b):
                        uf.union((lab, a), (lab, b))

    # A truncated full name ("Kim Jong" for "Kim Jong Un") joins the one longer name its surface starts
    # (surface, not key: the key merges Jong/Yong, which is right for variants but too loose for prefixes).
    by_prefix: dict[tuple[str, str], set] = defaultdict(set)
    surf = {m.id: " ".join(m.text.lower().replace("-", " ").split()) for m in mentions}
    for m in mentions:
        toks = surf[m.id].split()
        for n in range(2, len(toks)):
            by_prefix[(m.label, " ".join(toks[:n]))].add(node_of[m.id])
    for m in mentions:
        longer = by_prefix.get((m.label, surf[m.id]), set())
        if longer and len({uf.find(x) for x in longer}) == 1:
            uf.union(node_of[m.id], next(iter(longer)))

    # Genitive forms ("Moskaus", "Europas") join the bare name when it occurs.
    all_nodes = set(node_of.values())
    for lab, key in all_nodes:
        if key.endswith("s") and len(key) > 3 and (lab, key[:-1]) in all_nodes:
            uf.union((lab, key), (lab, key[:-1]))

    # 3. Surname-only persons -> full name: same article first, then a unique full name in the corpus.
    full_by_token: dict[str, set] = defaultdict(set)
    per_article_full: dict[tuple[str, str], list[tuple[int, tuple]]] = defaultdict(list)
    for m in mentions:
        node = node_of[m.id]
        if node[0] == "PER" and " " in node[1]:
            for tok in node[1].split():
                full_by_token[tok].add(uf.find(node))
                per_article_full[(m.article_id, tok)].append((m.start, node))
    for m in mentions:
        node = node_of[m.id]
        if node[0] != "PER" or " " in node[1]:
            continue
        for key in (node[1], translit_key(_strip_genitive(m.text))):
            local = per_article_full.get((m.article_id, key))
            if local:  # nearest preceding full mention, else the first one
                before = [x for x in local if x[0] <= m.start]
                target = (before[-1] if before else local[0])[1]
                uf.union(node, target)
                break
            roots = full_by_token.get(key, set())
            if len({uf.find(r) for r in roots}) == 1:
                uf.union(node, next(iter(roots)))
                break

    # 4. Acronyms <-> expansions: "Name (ACR)" in text, initials, and the organisation list.
    acr_nodes: dict[str, list[tuple]] = defaultdict(list)
    for m in mentions:
        node = node_of[m.id]
        if node[0] in ("ORG", "OTH", "LOC") and m.text.isupper() and 2 <= len(m.text) <= 8:
            acr_nodes[m.text].append(node)
    if acr_nodes:
        for m in mentions:
            node = node_of[m.id]
            if node[0] not in ("ORG", "OTH", "LOC") or m.text in acr_nodes:
                continue
            text = texts.get(m.article_id, "")
            after = re.match(r"\s*\(([A-ZÄÖÜ][A-ZÄÖÜa-z0-9]{1,7})\)", text[m.end:m.end + 14])
            candidates = {after.group(1)} if after else set()
            candidates.add(_initials(m.text))
            if orgs.get(m.text):
                candidates.add(orgs[m.text])
            for acr in candidates:
                for other in acr_nodes.get(acr, ()):
                    uf.union(node, other)

    # 5. Build entities.
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[uf.find(node_of[m.id])].append(m)
    attrs_by_mention: dict[str, list[Attribute]] = defaultdict(list)
    for ann in annotations:
        for a in ann.attributes:
            attrs_by_mention[a.mention_id].append(a)
    order = sorted(groups.items(), key=lambda kv: min((m.article_id, m.start) for m in kv[1]))
    entities: list[Entity] = []
    entity_of: dict[str, str] = {}
    for n, (root, ms) in enumerate(order):
        eid = f"E{n + 1}"
        nodes = {node_of[m.id] for m in ms}
        country = next((country_node[x] for x in nodes if x in country_node), None)
        meto = next((metonym_of[x] for x in nodes if x in metonym_of), None)
        names = Counter(m.text for m in ms if m.kind in ("name", "acronym", "metonym"))
        if country and (not names or all(node_of[m.id][0] == "COUNTRY" for m in ms)):
            name = country
        elif names:
            # the most frequent of the longest forms: full names over surnames, expansions over acronyms
            longest = max(len(t.split()) for t in names)
            name = max((t for t in names if len(t.split()) == longest), key=lambda t: (names[t], len(t)))
        else:
            name = ms[0].text
        label_counts = Counter(m.label for m in ms if m.kind != "demonym") or Counter(m.label for m in ms)
        aliases = sorted({m.text for m in ms} - {name})
        attrs = [a for m in ms for a in attrs_by_mention.get(m.id, [])]
        entities.append(Entity(
            id=eid, label=label_counts.most_common(1)[0][0], name=name, aliases=aliases,
            mention_ids=[m.id for m in ms], article_ids=sorted({m.article_id for m in ms}), attributes=attrs,
            metonym_of=meto, country=country))
        for m in ms:
            entity_of[m.id] = eid

    linked = []
    for ann in annotations:
        new = [replaced(m, entity_id=entity_of[m.id]) if m.id in entity_of else m for m in ann.mentions]
        linked.append(replaced(ann, mentions=new))
    return entities, linked
