"""The claims stage: check-worthy propositions with source chain, certainty and polarity, plus denials.

`run(ctx)` returns {"claims": [...], "denials": [...]}. A claim is the content of an attribution (the reported
proposition) or, for sentences nobody is quoted in, the sentence itself in the outlet's own voice. Certainty:
asserted (outlet voice), reported (attributed), hedged ("soll", "mutmaßlich", "angeblich", "offenbar",
"könnte", "vermutet"), unverified ("nicht unabhängig überprüft", also when a neighbouring sentence says so about
the claims before it), speculative ("spekuliert", "nicht ausgeschlossen", "wäre denkbar"). Polarity: negated
(nicht, kein, nie) or denied (a denial targets it). Denials: verbs and nouns of denial with denier and target.
"""
from __future__ import annotations

import re

from .model import Claim, Denial, SourceNode

HEDGES = re.compile(
    r"\b(soll|sollen|solle|sollten? angeblich|angeblich|mutmaßlich\w*|vermutlich|offenbar|offensichtlich|"
    r"möglicherweise|wahrscheinlich|anscheinend|scheinbar|könnte|könnten|dürfte|dürften|vermutet\w*|"
    r"reportedly|allegedly|apparently|possibly|probably|may have|might|could)\b", re.I)
UNVERIFIED = re.compile(
    r"(nicht unabhängig (?:über)?prüf\w*|nicht unabhängig bestätig\w*|nicht unabhängig verifiz\w*|"
    r"(?:ließ|ließen|lässt|lassen|konnte|konnten|kann|können)\s+sich\s+(?:zunächst\s+|bislang\s+|bisher\s+)?nicht\s+"
    r"(?:unabhängig\s+)?(?:überprüf|prüf|bestätig|verifizier)\w*|nicht\s+(?:unabhängig\s+)?(?:verifiziert|überprüft)\s+werden|"
    r"unbestätigt\w*|could not be (?:independently )?verified|not (?:been )?independently verified|unverified)", re.I)
SPECULATIVE = re.compile(
    r"\b(spekuliert\w*|Spekulation\w*|nicht ausgeschlossen|nicht auszuschließen|denkbar|womöglich|"
    r"speculat\w*|it is possible)\b", re.I)
NEGATION = re.compile(r"\b(nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|nirgends|weder|"
                      r"not|no|never|none)\b", re.I)
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
BOILER = re.compile(r"^(mehr zum thema|lesen sie auch|foto:|bild:|quelle:|©|anzeige|werbung)", re.I)


def _outlet(ctx) -> SourceNode:
    return SourceNode(label=ctx.article.outlet or "outlet", kind="outlet")


def _cues(ctx, pattern, start, end):
    text = ctx.text
    return [ctx.span(start + m.start(), start + m.end()) for m in pattern.finditer(text[start:end])]


def run(ctx) -> dict:
    if ctx.doc is None:
        return {}
    ann = ctx.annotations
    atts = list(ann.attributions)
    text = ctx.text
    aid = ctx.article.id
    index_of = {s.start: s.index for s in ann.sentences}
    sents = []
    for n, s in enumerate(ctx.analysable_sentences()):
        start, end = s.start_char, s.start_char + len(s.text.rstrip())
        if end > start:
            sents.append((index_of.get(start, n), start, end))
    claims: list[Claim] = []
    claim_sent: list[int] = []
    for k, (si, start, end) in enumerate(sents):
        body = text[start:end]
        words = body.split()
        if len(words) < 4 or BOILER.match(body.strip()):
            continue
        if body.rstrip().endswith("?") and "\n" in text[max(0, start - 1):start + 1] + text[end:end + 1]:
            continue  # headline question
        inside = [a for a in atts if a.content and any(start <= c.start < end for c in a.content)]
        pieces = []
        if inside:
            for a in inside:
                for c in a.content:
                    if start <= c.start < end and len(c.text.split()) >= 3:
                        pieces.append((c.start, c.end, a))
        if not pieces:
            pieces = [(start, end, None)]
        for cs, ce, a in pieces:
            chain = list(a.chain) if a is not None and a.chain else [_outlet(ctx)]
            span_text = text[cs:ce]
            hedge = _cues(ctx, HEDGES, cs, ce)
            spec = _cues(ctx, SPECULATIVE, cs, ce)
            unver = _cues(ctx, UNVERIFIED, start, end)
            if unver:
                certainty, cues = "unverified", unver
            elif spec:
                certainty, cues = "speculative", spec
            elif hedge:
                certainty, cues = "hedged", hedge
            elif a is not None:
                certainty, cues = "reported", [a.cue]
            else:
                certainty, cues = "asserted", []
            neg = _cues(ctx, NEGATION, cs, ce)
            polarity = "negated" if neg and not re.search(r"\bnicht nur\b", span_text, re.I) else "affirmed"
            mids = [m.id for m in ann.mentions if cs <= m.start and m.end <= ce]
            fids = [f.id for f in ann.figures if cs <= f.start and f.end <= ce]
            tids = [t.id for t in ann.times if cs <= t.start and t.end <= ce]
            claims.append(ctx.span(cs, ce, Claim, id=f"{aid}:claim{len(claims)}", sentence_index=si, chain=chain,
                                   attribution_id=a.id if a is not None else None, certainty=certainty,
                                   certainty_cues=cues, polarity=polarity, polarity_cues=neg if polarity == "negated" else [],
                                   mention_ids=mids, figure_ids=fids, time_ids=tids))
            claim_sent.append(k)
    # "Die Angaben ließen sich nicht unabhängig überprüfen": a sentence about the claims before it.
    for k, (si, start, end) in enumerate(sents):
        unver = _cues(ctx, UNVERIFIED, start, end)
        if not unver:
            continue
        own = [i for i, ck in enumerate(claim_sent) if ck == k]
        about_previous = re.search(r"\b(Angaben|Berichte|Informationen|Aussagen|Darstellung|Behauptung\w*|Zahlen|"
                                   r"Video\w*|Bilder|Aufnahmen|Meldung\w*|claims?|reports?|figures)\b",
                                   text[start:end], re.I) or len(text[start:end].split()) < 12
        if not about_previous:
            continue
        for i, ck in enumerate(claim_sent):
            if claims[i] is None:  # an earlier meta sentence, already dropped
                continue
            if k - 3 <= ck < k and claims[i].chain and len(claims[i].chain) > 1 or (k - 1 <= ck < k):
                claims[i] = claims[i].model_copy(update={"certainty": "unverified",
                                                         "certainty_cues": claims[i].certainty_cues + unver})
        for i in own:  # the meta sentence itself is not a claim about the world
            claims[i] = None
    keep = [c for c in claims if c is not None]
    claims = [c.model_copy(update={"id": f"{aid}:claim{i}"}) for i, c in enumerate(keep)]

    denials = _denials(ctx, sents, atts, claims)
    by_id = {c.id: c for c in claims}
    for d in denials:
        if d.negated or not d.claim_id or d.claim_id not in by_id:
            continue
        c = by_id[d.claim_id]
        by_id[d.claim_id] = c.model_copy(update={"polarity": "denied", "polarity_cues": c.polarity_cues + [d.cue]})
    claims = [by_id[c.id] for c in claims]
    out = {"claims": claims, "denials": denials}
    return out


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
