"""How certain a claim is presented: asserted, reported, hedged, unverified, speculative.

- asserted: the outlet's own voice; reported: an attribution's content (also Konjunktiv I / free indirect
  speech, which the attribution stage types);
- hedged: a hedge in the claim ("soll", "angeblich", "mutmaßlich", "offenbar", "könnte", "reportedly");
- speculative: "spekuliert", "nicht ausgeschlossen", "denkbar", "womöglich", "it is possible";
- unverified: an open question as caveat ("unklar ist, ob X", "Ob X, ist unklar", "it is unclear whether X"); "nicht unabhängig überprüft/bestätigt" in the claim's sentence, or in a short sentence after it
  that speaks about the claims before ("Die Angaben ließen sich nicht unabhängig überprüfen."), and an
  evidential caveat ("konnten nicht eindeutig beweisen, dass X", "X ist nicht bewiesen", "could not prove that
  X", "there is no evidence that X").
An epistemic caveat wraps a claim: the claim is X (the dass/ob/that/whether clause), affirmed, with the lowered
certainty -- never X asserted, and never its negated opposite. `caveat(text)` finds it. A caveat with an
actor of its own ("Die Prüfer konnten nicht beweisen, dass X", "Es gibt keine Belege dafür, dass X") also states
a fact about the evidence: its frame is a claim of its own, negated and in the outlet's voice.
"""
from __future__ import annotations

import re

# "offensichtlich" (obviously) states certainty, it is no hedge; "scheinen ... zu" (seem to) is one.
HEDGES = re.compile(
    r"\b(soll|sollen|solle|sollten? angeblich|angeblich|mutmaßlich\w*|vermutlich|offenbar|"
    r"möglicherweise|wahrscheinlich|anscheinend|scheinbar|könnte|könnten|dürfte|dürften|vermutet\w*|"
    r"(?:scheint|scheinen|schien|schienen)(?=(?:\s+[\w\-]+){0,12}?\s+(?:zu\s+\w+|\w+zu\w+en)\b)|"
    r"(?:seems?|seemed|appears?|appeared)(?=\s+to\b)|"
    r"reportedly|allegedly|apparently|possibly|probably|may have|might|could)\b", re.I)
UNVERIFIED = re.compile(
    r"(nicht unabhängig (?:über)?prüf\w*|nicht unabhängig bestätig\w*|nicht unabhängig verifiz\w*|"
    r"(?:ließ|ließen|lässt|lassen|konnte|konnten|kann|können)\s+sich\s+(?:zunächst\s+|bislang\s+|bisher\s+)?nicht\s+"
    r"(?:unabhängig\s+)?(?:überprüf|prüf|bestätig|verifizier)\w*|nicht\s+(?:unabhängig\s+)?(?:verifiziert|überprüft)\s+werden|"
    r"unbestätigt\w*|could not be (?:independently )?verified|not (?:been )?independently verified|unverified)", re.I)
SPECULATIVE = re.compile(
    r"\b(spekuliert\w*|Spekulation\w*|nicht ausgeschlossen|nicht auszuschließen|denkbar|womöglich|"
    r"speculat\w*|it is possible)\b", re.I)
_PROOF_DE = r"(?:beweisen|belegen|nachweisen|bestätigen|verifizieren|klären|feststellen|sagen)"
_PROOF_DE_PP = r"(?:bewiesen|belegt|nachgewiesen|bestätigt|geklärt|erwiesen|gesichert)"
_DEGREE = r"(?:(?:noch|bislang|bisher|zweifelsfrei|eindeutig|abschließend|sicher|endgültig|unabhängig|wirklich)\s+){0,3}"
# (pattern, certainty): the caveat cue; a content clause may follow (", dass X" / "whether X").
CAVEATS = [
    (re.compile(r"\b(?:konnte|konnten|kann|können|könne|könnten)\b(?:\s+[\w\-]+){0,8}?\s+nicht\s+" + _DEGREE + _PROOF_DE
                + r"\b", re.I), "unverified", True),
    (re.compile(r"\b(?:ist|sind|war|waren|wurde|wurden|sei|seien|bleibt|blieb)\s+(?:[\w\-]+\s+){0,3}?nicht\s+" + _DEGREE
                + _PROOF_DE_PP + r"\b", re.I), "unverified", False),
    (re.compile(r"\b(?:es gibt|gibt es|gab es|es gab|liegen|lagen)\s+(?:[\w\-]+\s+){0,2}?keine\s+(?:[\w\-]+\s+)?"
                r"(?:Beweise|Belege|Bestätigung|Nachweise|Hinweise)\b", re.I), "unverified", True),
    (re.compile(r"\b(?:unklar|offen|ungeklärt|unbekannt|fraglich)\s+(?:ist|bleibt|war|blieb|sei)\b|"
                r"\b(?:ist|bleibt|war|blieb|sei)\s+(?:[\w\-]+\s+){0,2}?(?:unklar|offen|ungeklärt|fraglich)\b", re.I),
     "unverified", False),
    (re.compile(r"\b(?:could|can|did|do|does|have|has)\s*(?:not|n't)\s+(?:yet\s+|independently\s+|conclusively\s+|"
                r"definitively\s+)?(?:prove|confirm|verify|establish|show|determine)\b|\bno (?:hard |conclusive )?"
                r"(?:evidence|proof|confirmation)\b|\bnot (?:been )?(?:yet )?(?:proven|confirmed|established)\b", re.I),
     "unverified", None),
    (re.compile(r"\b(?:it is|it was|it remains|it remained)\s+(?:still\s+)?(?:unclear|not clear|unknown|uncertain)\b",
                re.I), "unverified", False),
]
CLAUSE = re.compile(r"(?:,\s*|\s+)(?:dafür,\s*)?(dass|daß|ob|wer|wie|wann|warum|wo|that|whether|if|who|how|when|why)\b",
                    re.I)


def caveat(body: str) -> tuple[int, int, int | None, str] | None:
    """(cue start, cue end, start of the clause it wraps or None, certainty) for an epistemic caveat in `body`."""
    for pattern, cert, _frame in CAVEATS:
        m = pattern.search(body)
        if not m:
            continue
        c = CLAUSE.search(body, m.end())
        clause = None
        if c and c.start() - m.end() <= 40:
            clause = c.start(1)
        return m.start(), m.end(), clause, cert
    return None


def frame_is_claim(body: str) -> bool:
    """True when the caveat in `body` has an actor of its own, so its frame is a claim about the evidence
    ("Die Ermittler konnten nicht beweisen, dass ...", "There is no evidence that ...": yes; "Unklar ist, ob ...",
    "X ist nicht bewiesen": no)."""
    for pattern, _cert, frame in CAVEATS:
        m = pattern.search(body)
        if m:
            if frame is None:  # English: the verb forms ("could not prove") have an actor, "no evidence"/"not proven" not
                return bool(re.match(r"(?:could|can|did|do|does|have|has)\b", m.group(0), re.I)) and \
                    bool(re.search(r"(?:prove|verify|establish)$", m.group(0), re.I))
            # "konnte nicht sagen / klären, ob": no finding about evidence, only the open question
            return frame and not re.search(r"(?:sagen|klären|feststellen)$", m.group(0), re.I)
    return False


def cues(ctx, pattern, start, end):
    text = ctx.text
    return [ctx.span(start + m.start(), start + m.end()) for m in pattern.finditer(text[start:end])]


def certainty(ctx, cs: int, ce: int, sent_start: int, sent_end: int, att) -> tuple[str, list]:
    """Certainty and its cues for the claim [cs, ce) in the sentence [sent_start, sent_end)."""
    unver = cues(ctx, UNVERIFIED, sent_start, sent_end)
    if unver:
        return "unverified", unver
    spec = cues(ctx, SPECULATIVE, cs, ce)
    if spec:
        return "speculative", spec
    hedge = cues(ctx, HEDGES, cs, ce)
    if hedge:
        return "hedged", hedge
    if att is not None:
        return "reported", [att.cue]
    return "asserted", []


ABOUT_PREVIOUS = re.compile(r"\b(Angaben|Berichte|Informationen|Aussagen|Darstellung|Behauptung\w*|Zahlen|Video\w*|"
                            r"Bilder|Aufnahmen|Meldung\w*|claims?|reports?|figures)\b", re.I)
