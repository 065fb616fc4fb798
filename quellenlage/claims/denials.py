"""Denials: verbs and nouns of denial ("bestreitet", "wies ... zurück", "als Lüge bezeichnet", "denies") with
denier and target; a negated denial ("bestreitet nicht") is kept but targets no claim.

`find_denials(ctx, sents, atts, claims)`: sents are (sentence index, start, end) of the analysable sentences,
atts the article's attributions, claims the final claims (with their ids).
"""
from __future__ import annotations

import re

from ..model import Denial

DENIAL = re.compile(
    r"\b(bestreite\w*|bestritt\w*|abgestritten|stritt\w* \w+ ab|dementier\w*|Dementi\w*|zurückgewiesen|"
    r"zurückweis\w*|(?:wies|wiesen|weist|weisen)\b[^.]{0,80}?\bzurück|"
    r"als\s+(?:\w+\s+){0,3}(?:Täuschung|Lüge\w*|Fake\w*|Falschmeldung\w*|Falschinformation\w*|Provokation\w*|"
    r"Propaganda|Erfindung\w*|haltlos|unwahr|falsch|Desinformation|Unsinn|Fälschung\w*|Inszenierung)\s+\w*\s*"
    r"(?:bezeichne\w*|bezeichnet|zurück|abgetan|abgetan|abtun|abtat|genannt|nannte\w*)|"
    r"(?:bezeichne\w*|nannte\w*|nennt|nennen|sprach\w* von)\b[^.]{0,80}?\b(?:als\s+)?(?:\w+\s+){0,2}?(?:Täuschung|"
    r"Lüge\w*|Fake\w*|Falschmeldung\w*|Falschinformation\w*|Provokation\w*|Propaganda|Erfindung\w*|haltlos|"
    r"unwahr|Desinformation|Unsinn|Fälschung\w*|Inszenierung)\b|"
    r"Mystifizierung\w*|entbehr\w* jeder Grundlage|jeglicher Grundlage|nicht der Wahrheit|"
    r"deny|denies|denied|denial|rejects?|rejected|dismiss\w*|refut\w*)", re.I)
DENIAL_NEG = re.compile(r"\b(nicht|nie|niemals|not|never)\b", re.I)
CLAUSE_END = re.compile(r"[,;:.!?]|\s(?:und|aber|sondern|doch|denn)\s")


def find_denials(ctx, sents, atts, claims) -> list[Denial]:
    return _denials(ctx, sents, atts, claims)


def _denials(ctx, sents, atts, claims) -> list[Denial]:
    text = ctx.text
    aid = ctx.article.id
    out: list[Denial] = []
    for k, (si, start, end) in enumerate(sents):
        body = text[start:end]
        for m in DENIAL.finditer(body):
            cs, ce = start + m.start(), start + m.end()
            # The cue word itself ("wies ... zurück" is long: keep the verb and particle only).
            cue_text = m.group(0)
            inner_obj = None
            if re.match(r"(wies|wiesen|weist|weisen|bezeichne\w*|nannte\w*|nennt|nennen)\b", cue_text, re.I):
                cue = ctx.span(cs, cs + len(cue_text.split()[0]))
                om = re.match(r"(\w+\s+)((?:\w+\s+){0,2}?)((?:die|den|das|diese|diesen|alle|solche)\s.+?)\s+(?:als\b|zurück)",
                              cue_text)
                if om:
                    inner_obj = ctx.span(cs + om.start(3), cs + om.end(3))
            else:
                cue = ctx.span(cs, ce)
            # In a German main clause the negation closes the clause: "bestreitet die Vorwürfe nicht und ...".
            clause_rest = CLAUSE_END.split(body[m.end():], maxsplit=1)[0]
            negated = bool(DENIAL_NEG.search(body[max(0, m.start() - 12):m.start()])) or bool(
                re.match(r"\s*(nicht|not)\b", body[m.end():m.end() + 8], re.I)) or bool(
                re.search(r"\b(nicht|not)\b", cue_text, re.I) and "Wahrheit" not in cue_text) or bool(
                re.search(r"\bnicht\s*$", clause_rest))
            # Denier: the speaker of an attribution in this sentence, else the noun phrase at the sentence start.
            att = next((a for a in atts if a.start <= cs < a.end or (a.cue.start == cs)), None)
            att = att or next((a for a in atts if start <= a.cue.start < end and a.speaker is not None), None)
            denier = att.speaker if att is not None and att.speaker is not None else None
            if denier is None:
                dm = re.match(r"\s*((?:[A-ZÄÖÜ][\w\-]*|der|die|das|des|den)(?:\s+(?:[A-ZÄÖÜ][\w\-]*|der|des|von))*)", body)
                if dm and dm.group(1).strip() and dm.end(1) <= m.start() and dm.group(1).lower() not in ("der", "die", "das"):
                    denier = ctx.span(start + dm.start(1), start + dm.end(1))
            # Target: a dass-clause or the content after the cue; claim: one inside the target, else the latest
            # attributed claim before this sentence.
            target = None
            tm = re.search(r",\s*(dass|daß|that)\b[^.]*", body[m.end():])
            if tm:
                ts = start + m.end() + tm.start(1)
                te = start + m.end() + tm.end()
                target = ctx.span(ts, te)
            elif inner_obj is not None:
                target = inner_obj
            elif att is not None and att.content and att.cue.start <= cs < att.cue.end + 40:
                target = att.content[0]
            else:
                om = re.match(r"\s+((?:die|den|das|diese|diesen|solche|alle|jede|the|these|such)\s[^,.]{2,60}?)"
                              r"(?=\s+(?:als|zurück|ab)\b|[,.])", body[m.end():])
                if om:
                    target = ctx.span(start + m.end() + om.start(1), start + m.end() + om.end(1))
            claim_id = None
            if target is not None:
                claim_id = next((c.id for c in claims if c.start <= target.start < c.end and c.start >= start
                                 and not (c.start <= cs < c.end)), None)
            if claim_id is None:
                prev = [c for c in claims if c.end <= start and len(c.chain) > 1]
                if prev and not tm:
                    claim_id = prev[-1].id
            out.append(ctx.span(min(cs, denier.start if denier else cs), max(ce, target.end if target else ce),
                                Denial, id=f"{aid}:den{len(out)}", cue=cue, denier=denier,
                                denier_entity_id=(att.speaker_entity_id if att is not None else None),
                                target=target, claim_id=None if negated else claim_id, negated=negated))
    return out
