"""The entities stage: name mentions (trained NER or gazetteer fallback), demonyms, metonyms, pronouns, role
nominals, and person attributes (age, role, nationality, affiliation), all as spans of the article.

Fast mode (default) runs the shipped spaCy model; `ctx.options.ner_mode == "accurate"` runs the e5-small
feature tagger (accurate.py) when its head is present, else the fast model. English articles use the same model (its vectors are multilingual) plus the
gazetteer; see README in quellenlage/models/ner for measured quality.
"""
from __future__ import annotations

from ..context import ArticleContext, SpanIndex
from ..model import Attribute, Mention
from .attributes import person_attributes
from .mentions import Found, from_ner, persons_after_roles, promote_metonyms, rule_mentions
from .lexicon import PRONOUNS_DE, PRONOUNS_EN
from .ner import gazetteer_spans, load_accurate, load_model, tag_doc_with


def _names(ctx: ArticleContext) -> list[Found]:
    doc = ctx.doc
    text = ctx.text  # doc.text rebuilds the string from every token on each access
    found: list[Found] = []
    accurate = load_accurate() if ctx.options.ner_mode == "accurate" else None
    model = load_model()
    if accurate is not None:
        found = from_ner(doc, tag_doc_with(accurate, doc), "ner-accurate")
    elif model is not None:
        found = from_ner(doc, model.tag_doc(doc), "ner")
    # Gazetteer names the model missed (project lists and countries are high precision). Gazetteer matches never
    # overlap each other, so the tagger's names are all a match can collide with.
    tagged = SpanIndex((f.start, f.end) for f in found)
    for s, e, lab in gazetteer_spans(doc):
        if not tagged.overlaps(s, e):
            found.append(Found(s, e, lab, "acronym" if text[s:e].isupper() and e - s <= 6 else "name", "gazetteer"))
    # Pronouns are never names, whatever the tagger says ("She" at a sentence start in English).
    pron = set(PRONOUNS_DE) | set(PRONOUNS_EN)
    return [f for f in found if not ctx.is_flagged(f.start, f.end) and text[f.start:f.end].lower() not in pron]


def run(ctx: ArticleContext) -> dict:
    doc = ctx.doc
    lang = "en" if ctx.lang == "en" else "de"
    names = _names(ctx)
    persons_after_roles(doc, names, lang)
    promote_metonyms(doc, names)
    extra = [f for f in rule_mentions(doc, names, lang) if not ctx.is_flagged(f.start, f.end)]
    found = sorted(names + extra, key=lambda f: (f.start, -f.end))
    aid = ctx.article.id
    mentions: list[Mention] = []
    for k, f in enumerate(found):
        mentions.append(ctx.span(f.start, f.end, Mention, id=f"{aid}:m{k}", label=f.label, kind=f.kind,
                                 origin=f.origin))
    # Person attributes around name mentions.
    tok_at = {t.idx: t.i for t in doc}
    tok_end = {t.idx + len(t.text): t.i for t in doc}
    orgs_at = {f.start: (f.start, f.end) for f in found if f.label in ("ORG", "LOC") and f.kind != "demonym"}
    attributes: list[Attribute] = []
    for m, f in zip(mentions, found):
        if f.label != "PER" or f.kind not in ("name", "nominal") or f.start not in tok_at or f.end not in tok_end:
            continue
        a, b = tok_at[f.start], tok_end[f.end] + 1
        if f.kind == "nominal":
            continue  # the nominal's own words are its role; nothing to attach beyond the mention itself
        for at in person_attributes(doc, a, b, lang, orgs_at):
            attributes.append(ctx.span(at.start, at.end, Attribute, mention_id=m.id, kind=at.kind, value=at.value))
    return {"mentions": mentions, "attributes": attributes}
