"""What kind of source a speaker is (SourceNode.kind), judged first from its entity, then from its words.

- person: a PER mention is the head of the phrase, or a role noun ("der Sprecher"), or a pronoun resolved to one;
- organisation: an ORG mention, or a LOC mention — a country or city that speaks is its government ("Russland
  erklärte", "Südkorea teilte mit") — or an organisation word ("die ukrainische Regierung");
- media: an ORG mention or phrase that names a news medium (a media word, or a name in the media gazetteer);
- anonymous: an unnamed source ("ein Insider", "Regierungskreise", "a source familiar with", "ein Vertreter
  des Geheimdienstes", "two officials familiar with", "the officials"): no name mention heads it and it is
  indefinite, its head is a source-circle noun, or an English plural role noun ("officials", "diplomats");
- document: a report, study or statement without an owner ("laut dem Bericht");
- group: plural collectives without a name ("Experten", "Anwohner"); unknown when nothing tells.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..context import SpanLookup
from . import lexicon as lx

_INDEF = ("ein ", "eine ", "einem ", "einer ", "eines ", "einen ", "a ", "an ", "mehrere ", "einige ", "several ",
          "some ")


def head_mention(mentions, cs: int, ce: int):  # mentions: a list, or a SpanLookup of one (faster)
    """The name mention that heads the phrase [cs, ce): the last one inside it (German and English phrases end in
    their name: "der ukrainische Präsident Wolodymyr Selenskyj"), ignoring names inside a genitive or von-phrase
    ("Ein Sprecher des Konzerns X" is headed by "Sprecher", not by X)."""
    pool = mentions.overlapping(cs, ce) if isinstance(mentions, SpanLookup) else mentions
    inside = [m for m in pool if m.kind in ("name", "acronym") and m.start < ce and cs < m.end]
    return max(inside, key=lambda m: m.end) if inside else None


def _words(text: str) -> list[str]:
    """Lower-case words, hyphenated compounds also split ("nato-generalsekretär" -> also "generalsekretär")."""
    out = []
    for w in re.findall(r"[\w’'-]+", text.lower()):
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if p)
    return out


# One alternation over all known media names (longest first), compiled once: this runs for every source phrase.
_MEDIA_NAME = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(lx.MEDIA_NAMES, key=len, reverse=True))
                         + r")(?![\w-])")


def _media_name(text: str) -> bool:
    return _MEDIA_NAME.search(text.lower()) is not None


# Endings a German noun takes without changing what it names: case endings and the feminine "-in"/"-innen"
# ("Präsidentin", "Ministeriums", "Generalstabs").
_ENDINGS = ("", "s", "es", "n", "en", "e", "in", "innen", "ns", "r", "m")


def _has(words, stems) -> bool:
    """A word is a stem, or (compounds: "Landesumweltamt", "Polizeisprecher") ends with it, with a case or
    feminine ending at most. A German compound is named by its last part, so a word that only starts with a stem
    is another thing: "Ministerium" is no "Minister", "Generalstab" no "General". Stems of two letters ("un",
    "ap") only match whole words, of three only whole words or compound ends."""
    return any(_word_has(w, tuple(stems)) for w in words)


@lru_cache(maxsize=65536)  # asked for every word of every source phrase against lists of a hundred stems
def _word_has(w: str, stems: tuple[str, ...]) -> bool:
    for s in stems:
        s = s.strip()
        if w == s:
            return True
        if len(s) <= 3 and len(w) <= 3:
            continue  # "uns" is no "un"
        for e in _ENDINGS:
            if e and not w.endswith(e):
                continue
            core = w[:len(w) - len(e)] if e else w
            if core == s or (len(s) > 2 and core.endswith(s)):
                return True
    return False


def _source_owner(word: str) -> str:
    """"polizeiangaben" -> "polizei", "regierungsangaben" -> "regierung" (without the linking "s"); any other word
    stays."""
    for suf in lx._SOURCE_SUFFIXES:
        if suf == "quellen":
            continue  # "Geheimdienstquellen" are unnamed sources inside the service: anonymous, not the service
        rest = word[:len(word) - len(suf)]
        if word.endswith(suf) and len(rest) >= 4:
            return rest[:-1] if rest.endswith("ungs") or rest.endswith("ts") else rest
    return word


def source_node(span, mention=None):
    """The chain link for a source phrase `span`, headed by its name `mention` (or None)."""
    from ..model import SourceNode

    return SourceNode(label=span.text, kind=node_kind(span.text, mention), span=span,
                      entity_id=mention.entity_id if mention else None)


def node_kind(text: str, mention=None, pronoun: bool = False) -> str:
    """Kind of the source named by `text`, with the name mention heading it (or None)."""
    low = text.lower().strip()
    words = _words(low)
    head_part = re.split(r"\s(?:des|der|von|vom|eines|einer|of|aus|from)\s", low, maxsplit=1)[0]
    # A source noun compound is named by its first part: "Polizeiangaben" are the police's, "Geheimdienst-
    # informationen" the intelligence service's.
    head_words = [_source_owner(w) for w in _words(head_part)]
    words = [_source_owner(w) for w in words]
    named_head = mention is not None and (mention.end - mention.start) > 0
    if pronoun:
        if mention is not None:
            return {"PER": "person", "ORG": "media" if _media_name(mention.text) else "organisation",
                    "LOC": "organisation"}.get(mention.label, "person")
        return "person"
    anon_head = _has(head_words, ("kreise", "kreisen", "insider", "informant", "quelle", "quellen", "source",
                                  "sources"))
    indefinite = low.startswith(_INDEF) or low.startswith(("a source", "sources"))
    anon_role = _has(head_words, ("vertreter", "vertreterin", "mitarbeiter", "mitarbeiterin", "beamte", "beamter",
                                  "official", "officials", "diplomat", "diplomaten", "offizier", "insider",
                                  "worker", "employee", "person familiar"))
    spokes = _has(head_words, ("sprecher", "sprecherin", "spokesman", "spokeswoman", "spokesperson"))
    role_head = anon_role or spokes or _has(head_words, lx.PERSON_WORDS + ("sekretär", "sekretärin", "kommandeur",
                                                                           "führer", "chefin", "premier"))
    # A name inside a genitive owner does not name the speaker: "Die Quelle der Zeitung X" stays anonymous.
    appos = low.rsplit(",", 1)[1] if "," in low else ""  # "Der Sprecher des Kremls, Dmitry Peskov"
    name_in_head = named_head and (mention.text.lower() in head_part or mention.text.lower() in appos)
    if anon_head and not name_in_head:
        return "anonymous"
    if indefinite and anon_role and not name_in_head:
        return "anonymous"  # "ein Vertreter des Geheimdienstes", "a senior official"
    if not named_head and any(w in lx.ANON_PLURALS for w in head_words):
        return "anonymous"  # "two officials familiar with the talks", "the officials": several, none named
    if not named_head and any(w == "prosecutors" for w in head_words):
        return "organisation"  # prosecutors speak as the prosecution (before "prosecutor" makes it a person)
    # "Polizeisprecher", "Konzernsprecherin": the body is the compound's first part.
    spoken_for = [w[:w.rindex("sprecher")] for w in head_words if "sprecher" in w and not w.startswith("sprecher")]
    if spokes and not name_in_head and (named_head or _has(words, lx.ORG_WORDS) or _has(spoken_for, lx.ORG_WORDS)) and (
            indefinite or not _has(head_words, lx.PERSON_WORDS[1:])):
        # An unnamed spokesperson speaks for the body: "Ein Sprecher der Stadtwerke", "ein Polizeisprecher".
        return "media" if named_head and _media_name(mention.text) else "organisation"
    if name_in_head or (named_head and not role_head and not _has(head_words, lx.ORG_WORDS)):
        # A common noun before the name classifies it ("die Zeitung Morgenblatt", "die Partei X"), whatever the
        # NER label says; a role noun makes it a person ("Präsidentin Anna Berger").
        common = [w for w in head_words if w not in _words(mention.text)]
        if role_head and not anon_head or mention.label == "PER" and not _has(common, lx.MEDIA_WORDS + lx.ORG_WORDS):
            return "person"
        if _has(common, lx.MEDIA_WORDS):
            return "media"
        if _has(common, lx.ORG_WORDS):
            return "organisation"
        if mention.label == "PER":
            return "person"
        if mention.label in ("ORG", "LOC"):
            if _media_name(mention.text) or _has(head_words, lx.MEDIA_WORDS):
                return "media"
            return "organisation"
    if role_head:
        return "person"
    if _has(head_words, ("telegram", "twitter", "facebook", "instagram", "tiktok", "youtube", "tweet", "x-post")):
        return "social_post"
    if _media_name(low) or _has(head_words, lx.MEDIA_WORDS):
        return "media"  # "post" alone is no social post: "Morgenpost" is a paper
    if _has(head_words, ("länder", "staaten", "regierungen", "countries", "nations", "governments")):
        return "group"  # several states or governments ("die beiden Länder")
    if _has(head_words, lx.ORG_WORDS) or _has(head_words, ("regierung", "government", "staat", "land", "seite")):
        return "organisation"
    if _has(head_words, lx.DOCUMENT_WORDS):
        return "document"
    core = [w for w in text.split() if w.lower() not in lx.DET]
    if len(core) == 1 and len(core[0]) > 1 and core[0].isalpha() and core[0].isupper():
        return "organisation"  # an acronym: "ISW", "das ISW", "BBC"
    if len(core) == 1 and core[0][:1].isupper() and low.split()[0] not in lx.DET:
        # One capitalised word and no mention: a plural collective ("Experten") or not determined.
        return "group" if low.endswith(("en", "innen")) else "unknown"
    if core and all(w[:1].isupper() for w in core) and 2 <= len(core) <= 4 and low.split()[0] not in lx.DET:
        return "person"  # a bare name ("Hans Beispiel") — with an article it is rather a body ("Die Ukraine")
    if core and all(w[:1].isupper() for w in core) and len(core) <= 3:
        return "organisation"
    if low.endswith(("en", "er")) and not low.startswith(("der ", "die ", "das ")):
        return "group"
    return "unknown"
