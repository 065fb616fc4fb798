"""Readers for the two speech-event corpora, into one normalised record (`CorpusDoc`).

- GePaDe-SpkAtt (GermEval 2023 SpkAtt, task 1; CC BY-SA 4.0): `{"Sentences": [{"SentenceId", "Tokens"}],
  "Annotations": [{"Cue", "Source", "Message", "Addr", "Topic", "Medium", "Evidence", "PTC"}]}`, each role a list of
  "sentence:token" ids. The files carry no running text, so `text` is the tokens joined by single spaces and the
  sentences joined by "\n".
- Wikinews quotations (Petersen-Frey and Biemann 2024; CC BY-NC-SA 4.0, evaluation and private models only):
  `*.pretty.json` with `originalText`, `tokens` (id, charBegin, charEnd), `sentences` (begin, end token indices)
  and `annotations` (cue, frame, speaker, addressee, quote with `tokenIds`; `type`, `medium`).

Every event is a dict role -> sorted token indices (positions in `CorpusDoc.tokens`) for the roles in ROLES that
the file annotates, plus the strings "type" and "medium" where the data has them (Wikinews). SpkAtt's further
roles are kept under EXTRA_SPKATT's names (token lists). `token_keys[i]` is the file's own id of token i (int for
Wikinews, "s:t" for SpkAtt), so predictions can be written back against the file's tokens.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("cue", "speaker", "quote", "addressee", "frame")
SPKATT_ROLES = {"Cue": "cue", "Source": "speaker", "Message": "quote", "Addr": "addressee"}
EXTRA_SPKATT = {"Topic": "topic", "Medium": "medium_role", "Evidence": "evidence", "PTC": "ptc"}
FORMATS = ("spkatt", "wikinews")


@dataclass
class CorpusDoc:
    name: str  # the file name without its folder
    text: str
    tokens: list[tuple[int, int]]  # (char_start, char_end) per token
    token_keys: list  # the file's own token ids (int, or "s:t" for SpkAtt)
    sentences: list[tuple[int, int]]  # (first token, end token) per sentence
    events: list[dict] = field(default_factory=list)
    path: str = ""

    def token_text(self, i: int) -> str:
        a, b = self.tokens[i]
        return self.text[a:b]

    def sentence_of(self) -> list[int]:
        """Sentence index of every token."""
        out = [0] * len(self.tokens)
        for k, (a, b) in enumerate(self.sentences):
            for i in range(a, b):
                out[i] = k
        return out


def read_spkatt_file(path: Path) -> CorpusDoc:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    parts, tokens, keys, sents, index = [], [], [], [], {}
    pos = 0
    for si, sent in enumerate(data.get("Sentences", [])):
        if si:
            parts.append("\n")
            pos += 1
        sid = sent.get("SentenceId", si)
        first = len(tokens)
        for ti, tok in enumerate(sent.get("Tokens", [])):
            tok = str(tok)
            if ti:
                parts.append(" ")
                pos += 1
            tokens.append((pos, pos + len(tok)))
            key = f"{sid}:{ti}"
            index[key] = len(keys)
            keys.append(key)
            parts.append(tok)
            pos += len(tok)
        sents.append((first, len(tokens)))
    events = []
    for ann in data.get("Annotations", []):
        ev = {}
        for src, role in (*SPKATT_ROLES.items(), *EXTRA_SPKATT.items()):
            ids = sorted({index[k] for k in ann.get(src) or [] if k in index})
            if ids or role in SPKATT_ROLES.values():
                ev[role] = ids
        events.append(ev)
    return CorpusDoc(Path(path).stem, "".join(parts), tokens, keys, sents, events, str(path))


def read_wikinews_file(path: Path) -> CorpusDoc:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    toks = data.get("tokens", [])
    tokens = [(int(t["charBegin"]), int(t["charEnd"])) for t in toks]
    keys = [int(t["id"]) for t in toks]
    index = {k: i for i, k in enumerate(keys)}
    sents = [(int(s["begin"]), int(s["end"])) for s in data.get("sentences", [])]
    events = []
    for ann in data.get("annotations", []):
        ev = {}
        for role in ROLES:
            part = ann.get(role) or {}
            ev[role] = sorted({index[k] for k in part.get("tokenIds", []) if k in index})
        for key in ("type", "medium"):
            if ann.get(key) is not None:
                ev[key] = str(ann[key])
        events.append(ev)
    name = Path(path).name
    for suffix in (".json", ".pretty"):
        name = name.removesuffix(suffix)
    return CorpusDoc(name, data.get("originalText", ""), tokens, keys, sents, events, str(path))


def files(folder: Path, fmt: str) -> list[Path]:
    folder = Path(folder)
    if fmt == "wikinews":
        found = sorted(folder.glob("*.json"))
    elif fmt == "spkatt":
        found = sorted(folder.glob("*.json")) or sorted(folder.glob("task1/*.json"))
    else:
        raise ValueError(f"unknown corpus format {fmt!r}: one of {', '.join(FORMATS)}")
    return found


def read(folder: Path, fmt: str, skipped: list | None = None) -> list[CorpusDoc]:
    """Every readable document of a corpus folder (`fmt` spkatt: the folder or its task1/ subfolder). A file that
    cannot be read as the format says goes to `skipped` as (file name, reason) and the others are read; without
    `skipped` it raises."""
    reader = read_spkatt_file if fmt == "spkatt" else read_wikinews_file
    out = []
    for p in files(folder, fmt):
        try:
            out.append(reader(p))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
            if skipped is None:
                raise
            skipped.append((p.name, f"{type(exc).__name__}: {exc}"))
    return out


def detect_format(folder: Path) -> str:
    """'wikinews' when the first file has `originalText`, else 'spkatt'."""
    for fmt in FORMATS:
        for p in files(folder, fmt)[:1]:
            data = json.loads(p.read_text(encoding="utf-8"))
            return "wikinews" if "originalText" in data else "spkatt"
    raise ValueError(f"no corpus files in {folder}")
