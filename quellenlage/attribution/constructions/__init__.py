"""The German (and partly English) attribution rules, one module per construction; `rules.extract` runs them.

Constructions, in the order `rules.py` runs them:
- `direct_quotes`: quotations with their frames (clause-like quotes first, embedded ones after the sentences);
- per sentence, the first that reads it: `headlines` ("Agentur: ..."), back-pointer frames (`..backrefs`: "Das
  teilte X mit."), sentence-initial `wie_clauses`, `verb_frames` (with `dass_clauses` and `konjunktiv` for the
  content clause), `source_phrases` ("laut X", "X zufolge", "nach Angaben von X"), and `dass_clauses.dass_frame`;
- `free_indirect`: quote continuations and frameless Konjunktiv sentences of the previous speaker.

Shared: `state` (the records and the extraction state), `tokens` (token views, quote marks), `noun_phrases`,
`speech_verbs` (cue and speaker of a verb frame), `citations` ("unter Berufung auf X"), and `attributions`
(records to `Attribution` spans).
"""
