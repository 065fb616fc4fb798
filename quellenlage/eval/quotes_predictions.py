"""Our attributions in the quotation dataset's JSON format, so the published scorer can read them unchanged.

A predictions file is the gold file with `annotations` replaced: documentName, originalText, sentences and tokens
are copied, and each attribution becomes `{quote, cue, frame, speaker, addressee: {spans, text, tokenIds}, type,
medium, hasNested, isNested, id}` against that file's own tokens (`tokens[].id`, `charBegin`/`charEnd`). A span
maps to every file token it overlaps by at least one character, which is how the gold `tokenIds` relate to the
gold character spans (checked on all 3,265 dev parts). The scorer keys documents by `documentName`, so it is copied
verbatim; the file name is the gold file's.
"""
from __future__ import annotations

import bisect
import json
from pathlib import Path
from typing import Mapping, Sequence

PARTS = ("quote", "cue", "frame", "speaker", "addressee")

# Our Medium -> the dataset's medium codes (its STWR scheme: Speech, Thought, Writing; ST = Speech+Thought,
# SW = Speech+Writing, TW = Thought+Writing; 'none'). Per the SpkAtt-2023 task 2 README (same authors, same data).
MEDIUM_CODES = {
    "spoken": "Speech", "interview": "Speech", "video_message": "Speech",
    "written": "Writing", "social_post": "Writing", "report": "Writing",
    # A statement / "teilte mit" / "erklärte" may be delivered either way; the dataset codes that as SW.
    "statement": "SW",
    # No clue in the text: the most frequent code in the training split (Speech, 1,277 of 2,877).
    "unknown": "Speech",
}


def map_type(att) -> str:
    """Our AttributionType as the dataset's quotation type."""
    if att.type == "direct":
        return "Direct"
    if att.type == "reported":
        return "Reported"
    if att.type == "free_indirect":
        return "FreeIndirect" if att.cue.text.lower() in ("soll", "sollen") else "IndirectFreeIndirect"
    return "Indirect"


def map_medium(att) -> str:
    return MEDIUM_CODES.get(att.medium, "Speech")


def _no_cue_by_design(att) -> bool:
    # The dataset annotates neither cue nor frame where ours is implicit (free indirect speech, continued quotes:
    # our cue is then the mood-bearing verb or the opening quote mark) or lies inside the content ('reported').
    return att.cue_implicit or att.type == "reported"


def pred_spans(att, part: str) -> list[tuple[int, int]]:
    """Character spans of one part of an attribution, as the dataset would annotate it."""
    if part == "quote":
        return [(c.start, c.end) for c in att.content]
    if part == "speaker":
        return [(att.speaker.start, att.speaker.end)] if att.speaker else []
    if part == "addressee":
        return [(att.addressee.start, att.addressee.end)] if att.addressee else []
    if _no_cue_by_design(att):
        return []
    if part == "frame":
        frame = getattr(att, "frame", None)
        return [(frame.start, frame.end)] if frame else []
    return [(c.start, c.end) for c in (att.cue_parts or [att.cue])]


class FileTokens:
    """A dataset file's tokens, for mapping character spans to its token ids."""

    def __init__(self, spans: Sequence[tuple[int, int]], ids: Sequence | None = None):
        order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        ids = list(range(len(spans))) if ids is None else list(ids)
        self.ids = [ids[i] for i in order]
        self.starts = [spans[i][0] for i in order]
        self.ends = [spans[i][1] for i in order]

    @classmethod
    def from_json(cls, tokens: Sequence[Mapping]) -> "FileTokens":
        return cls([(int(t["charBegin"]), int(t["charEnd"])) for t in tokens], [t["id"] for t in tokens])

    def token_ids(self, spans: Sequence[tuple[int, int]]) -> list[int]:
        out = set()
        for a, b in spans:
            i = max(0, bisect.bisect_right(self.starts, a) - 1)
            while i < len(self.starts) and self.starts[i] < b:
                if self.ends[i] > a:
                    out.add(self.ids[i])
                i += 1
        return sorted(out)

    def part(self, text: str, spans: Sequence[tuple[int, int]]) -> dict:
        """`{spans, text, tokenIds}` of the tokens the character spans overlap."""
        return self.part_of_ids(text, self.token_ids(spans))

    def part_of_ids(self, text: str, ids: Sequence) -> dict:
        """`{spans, text, tokenIds}`: one span per run of adjacent tokens, text = the runs joined by a space."""
        pos = {tid: k for k, tid in enumerate(self.ids)}
        runs: list[list] = []
        for tid in sorted(ids, key=pos.__getitem__):
            if runs and pos[tid] == pos[runs[-1][-1]] + 1:
                runs[-1].append(tid)
            else:
                runs.append([tid])
        out = []
        for run in runs:
            a, b = pos[run[0]], pos[run[-1]]
            out.append({"begin": a, "end": b + 1, "charBegin": self.starts[a], "charEnd": self.ends[b]})
        return {"spans": out, "text": " ".join(text[s["charBegin"]:s["charEnd"]] for s in out),
                "tokenIds": [tid for run in runs for tid in run]}


def annotations(attributions: Sequence, tokens: FileTokens, text: str) -> list[dict]:
    """Dataset-format annotations for one document's attributions, in their order."""
    ids = {a.id for a in attributions}
    parents = {a.parent_id for a in attributions if a.parent_id in ids}
    out = []
    for k, att in enumerate(attributions):
        ann = {p: tokens.part(text, pred_spans(att, p)) for p in PARTS}
        ann.update({"id": k, "type": map_type(att), "medium": map_medium(att),
                    "hasNested": att.id in parents, "isNested": att.parent_id in ids})
        out.append(ann)
    return out


def prediction_document(gold: Mapping, attributions: Sequence) -> dict:
    """The gold document with its annotations replaced by our predictions."""
    doc = {k: gold[k] for k in ("documentName", "originalText", "sentences", "tokens") if k in gold}
    doc["annotations"] = annotations(attributions, FileTokens.from_json(gold.get("tokens", [])), gold["originalText"])
    return doc


def corpus_document(doc) -> dict:
    """A corpus document that has no JSON of this shape (a `training.corpora.CorpusDoc` read from GePaDe-SpkAtt)
    in the Wikinews shape, gold events included, token ids = token positions, so it is scored and written the
    same way. Its roles map as Message -> quote, Source -> speaker, Addr -> addressee, Cue -> cue; no frame, type
    or medium (SpkAtt's Medium is a span role, not a label)."""
    sent_of = doc.sentence_of()
    tokens = [{"id": i, "charBegin": a, "charEnd": b, "sentence": sent_of[i], "text": doc.text[a:b]}
              for i, (a, b) in enumerate(doc.tokens)]
    sentences = []
    for k, (a, b) in enumerate(doc.sentences):
        if b > a:
            ca, cb = doc.tokens[a][0], doc.tokens[b - 1][1]
            sentences.append({"id": k, "begin": a, "end": b, "charBegin": ca, "charEnd": cb, "text": doc.text[ca:cb],
                              "tokenIds": list(range(a, b))})
    ft = FileTokens(doc.tokens)
    anns = []
    for k, event in enumerate(doc.events):
        ann = {p: ft.part_of_ids(doc.text, event.get(p, [])) for p in PARTS}
        ann.update({"id": k, "type": event.get("type"), "medium": event.get("medium"),
                    "hasNested": False, "isNested": False})
        anns.append(ann)
    return {"documentName": doc.name, "originalText": doc.text, "sentences": sentences, "tokens": tokens,
            "annotations": anns}


def write(folder: Path, file_name: str, doc: Mapping) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    return path
