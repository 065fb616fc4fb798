"""The learned attribution tagger, combined with the rules' attributions (called after the rules, before
roles.complete).

The tagger (a model folder written by `quellenlage train attribution`; the shipped one is trained on
GePaDe-SpkAtt, CC BY-SA 4.0, see quellenlage/models/attribution/README.md) gives every token a probability of
being cue, speaker, quote (message) or addressee, from the shared encoder's states and the rules' own spans
(`training.features`). How it changes the rules' output is the combination (`COMBINES`):

- "rules": nothing (the tagger is not even run);
- "boundaries": the rules keep the structure (which attributions, their cue, type and nesting); the tagger moves
  boundaries: a content span loses its own cue and speaker tokens, may grow over neighbouring tokens the tagger
  reads as message (>= "extend") and shed edge tokens it reads as not message (< "shrink"), within the sentences
  it touches and never into a cue, a speaker or another attribution's content; the speaker grows over
  neighbouring speaker tokens, and a missing speaker (optionally addressee) is filled from the tagger's run
  nearest the cue in the cue's sentence. The shipped choice (combine.json, measured on Wikinews dev) keeps the
  content boundaries and uses the tagger for speakers only: its message boundaries are parliament's, not news';
- "boundaries+new": as "boundaries", plus an attribution for each sentence where the tagger finds a cue and a
  message that no rule attribution covers.

`Options.attribution_model` picks the folder: "default" ($QUELLENLAGE_ATTRIBUTION_MODEL, set by the CLI's
--attribution-model, else DEFAULT_MODEL: rules only), "none" (rules only: refine returns its input unchanged),
"shipped" (the packaged model, quellenlage/models/attribution), or a path. The combination and its thresholds come from
combine.json in the model folder (chosen on a news dev set); $QUELLENLAGE_ATTRIBUTION_COMBINE overrides the
combination for measurements. Models are loaded once per process.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE_MODEL = Path(__file__).resolve().parent.parent / "models" / "attribution"
COMBINES = ("rules", "boundaries", "boundaries+new")
ENV_COMBINE = "QUELLENLAGE_ATTRIBUTION_COMBINE"
# Read where the option is "default": the CLI's --attribution-model sets it, so worker processes and tools that
# build their own Options (the evaluations) follow the command line.
ENV_MODEL = "QUELLENLAGE_ATTRIBUTION_MODEL"
# What "default" means: rules only. On Wikinews dev the shipped tagger adds +0.1 Joint F1 (67.83 -> 67.95) for
# ~330 ms per 500-word article (its own encoder pass: the NER stacks share only their two lowest layers with it),
# and it costs one judgement probe (a speaker filled with a bare article), so it is opt-in: "shipped".
DEFAULT_MODEL = "none"
# combine.json keys: the combination; "content": move content boundaries (grow over tokens >= "extend", shed
# edge tokens < "shrink"); "grow_speaker": grow the rules' speaker over neighbours >= "speaker"; fill a missing
# speaker / addressee from runs >= "speaker" / "addressee"; new
# attributions need a cue token >= "new_cue" and a message run >= "new_quote" of "new_min_tokens" tokens.
# The defaults are the shipped combine.json's choice (Wikinews dev, see there): the tagger grows and fills speakers
# only; content keeps the rules' boundaries minus the cue and speaker tokens (extend > 1: never grown).
DEFAULTS = {"combine": "boundaries", "content": True, "extend": 1.1, "shrink": 0.0, "grow_speaker": True,
            "fill_speaker": True, "cut_roles": False,
            "speaker": 0.5, "fill_addressee": False, "addressee": 0.5, "new_cue": 0.6, "new_quote": 0.6,
            "new_min_tokens": 4}


class ModelError(ValueError):
    """A model folder that is missing, unreadable or made for other features."""


class Tagger:
    def __init__(self, folder: Path):
        from .training.features import ROLES, RULE_FEATURES

        folder = Path(folder)
        path = folder / "model.npz"
        if not path.is_file():
            raise ModelError(f"no attribution model in {folder} (model.npz missing)")
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        except Exception as exc:
            raise ModelError(f"unreadable attribution model {path}: {exc}") from exc
        missing = [k for k in ("roles", "rule_features", "outputs", "mean", "scale", "w2", "b2") if k not in arrays]
        if missing:
            raise ModelError(f"attribution model {path} lacks {', '.join(missing)}; retrain it")
        if [str(r) for r in arrays["roles"]] != list(ROLES) or \
                [str(f) for f in arrays["rule_features"]] != list(RULE_FEATURES):
            raise ModelError(f"attribution model {folder} was trained for other features; retrain it")
        self.folder = folder
        try:
            self.outputs = [(s, int(l)) for s, l in (str(o).rsplit(":", 1) for o in arrays["outputs"])]
        except ValueError as exc:
            raise ModelError(f"attribution model {path} names encoder outputs it cannot have: {exc}") from exc
        self.mean, self.scale = arrays["mean"], arrays["scale"]
        self.w1, self.b1 = arrays.get("w1"), arrays.get("b1")
        self.w2, self.b2 = arrays["w2"], arrays["b2"]
        self.roles = list(ROLES)
        conf = {}
        if (folder / "combine.json").is_file():
            try:
                conf = json.loads((folder / "combine.json").read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise ModelError(f"unreadable {folder / 'combine.json'}: {exc}") from exc
            if not isinstance(conf, dict):
                raise ModelError(f"{folder / 'combine.json'} is no JSON object")
        self.conf = {**DEFAULTS, **{k: v for k, v in conf.items() if k in DEFAULTS}}

    def require(self, runtime=None) -> None:
        """Declare the encoder outputs up front, so the first pass computes them with the other heads'."""
        from ..encoder.runtime import shared

        if self.outputs:
            (runtime or shared()).require(self.outputs)

    def probs(self, view, atts: list, runtime=None) -> np.ndarray:
        """(tokens, roles) probabilities for the tokens of `view` (training.features.TokenView)."""
        from .training.features import features

        if not len(view):
            return np.zeros((0, len(self.roles)), dtype=np.float32)
        x = (features(view, atts, self.outputs, runtime) - self.mean) / self.scale
        if self.w1 is not None:
            x = np.maximum(x @ self.w1 + self.b1, 0.0)
        return 1.0 / (1.0 + np.exp(-np.clip(x @ self.w2 + self.b2, -30.0, 30.0)))


def resolve(name: str | None) -> Path | None:
    """The model folder an `attribution_model` option names, or None for rules only."""
    if name in (None, "", "default"):
        name = os.environ.get(ENV_MODEL) or DEFAULT_MODEL
    if name == "none":
        return None
    if name == "shipped":
        return PACKAGE_MODEL
    return Path(name).expanduser()


@lru_cache(maxsize=4)
def _load(folder: str) -> Tagger:
    tagger = Tagger(Path(folder))
    try:
        # Loaded before the first article (the CLI checks the option first), the encoder's first pass then
        # computes the tagger's layers with NER's instead of being rebuilt for them.
        tagger.require()
    except ValueError as exc:
        raise ModelError(f"attribution model {folder}: {exc}") from exc
    return tagger


def load(name: str | None) -> Tagger | None:
    """The tagger for an `attribution_model` option (cached per process); ModelError for a bad folder."""
    folder = resolve(name)
    return None if folder is None else _load(str(folder.resolve()))


def check(name: str | None) -> str | None:
    """None when the option is usable, else the reason (for the CLI to report before a batch starts)."""
    try:
        load(name)
    except ModelError as exc:
        return str(exc)
    return None


def refine(ctx, atts: list) -> list:
    name = getattr(ctx.options, "attribution_model", "default")
    if resolve(name) is None or ctx.doc is None or len(ctx.doc) == 0:
        return atts
    try:
        tagger = load(name)
    except ModelError:  # the CLI reports a bad folder before the batch (check); here the rules' output stands
        return atts
    if tagger is None:
        return atts
    conf = dict(tagger.conf)
    conf["combine"] = os.environ.get(ENV_COMBINE) or conf["combine"]
    if conf["combine"] not in COMBINES:
        raise ModelError(f"unknown combination {conf['combine']!r}: one of {', '.join(COMBINES)}")
    if conf["combine"] == "rules":
        return atts
    from .training.features import TokenView

    view = TokenView.of(ctx.doc)
    return combine(ctx, view, tagger.probs(view, atts), atts, conf)


def combine(ctx, view, P: np.ndarray, atts: list, conf: dict) -> list:
    """The rules' attributions `atts` combined with the tagger's probabilities `P` (tokens of `view` x roles)."""
    conf = {**DEFAULTS, **conf}
    if conf["combine"] == "rules":
        return atts
    out = [_moved(ctx, view, P, a, atts, conf) for a in atts]
    if conf["combine"] == "boundaries+new":
        # in text order: roles.complete hands a frame's medium on to the continuation right after it
        out = sorted(out + _new(ctx, view, P, out, conf), key=lambda a: (a.start, a.end))
    return out


# ---------------- combination ----------------
CUE, SPEAKER, QUOTE, ADDRESSEE = range(4)


def _toks(view, spans) -> set[int]:
    return {i for s in spans if s is not None for i in view.covering(s.start, s.end)}


def _sentence_of(view) -> np.ndarray:
    out = np.zeros(len(view), dtype=np.int64)
    for k, (a, b) in enumerate(view.sents):
        out[a:b] = k
    return out


def _runs(idx: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive indices as (first, end)."""
    out = []
    for i in sorted(idx):
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _span(ctx, view, a: int, b: int):
    return ctx.span(int(view.starts[a]), int(view.ends[b - 1]))


def _is_punct(w: str) -> bool:
    return not any(c.isalnum() for c in w)


def _moved(ctx, view, P, att, atts, conf):
    """`att` with the tagger's content boundaries and its speaker/addressee where the rules have none."""
    sent = _sentence_of(view)
    own_cue = _toks(view, [att.cue, *att.cue_parts]) if not att.cue_implicit else set()
    speaker = _toks(view, [att.speaker])
    others = set()
    for o in atts:
        if o is not att and o.id != att.parent_id and o.parent_id != att.id:
            others |= _toks(view, o.content)
    blocked = own_cue | speaker | others
    upd: dict = {}
    content = _toks(view, att.content)
    if conf["content"] and content and not att.cue_implicit:
        new = set(content)
        for a, b in _runs(sorted(content)):
            lo, hi = view.sents[sent[a]][0], view.sents[sent[b - 1]][1]
            i = a - 1
            while i >= lo and i not in blocked and i not in new and P[i, QUOTE] >= conf["extend"]:
                new.add(i)
                i -= 1
            i = b
            while i < hi and i not in blocked and i not in new and P[i, QUOTE] >= conf["extend"]:
                new.add(i)
                i += 1
        for a, b in _runs(sorted(new)):
            # shed edge words the tagger reads as no message (punctuation is left as the rules put it)
            while b - a > 1 and not _is_punct(view.words[a]) and P[a, QUOTE] < conf["shrink"]:
                new.discard(a)
                a += 1
            while b - a > 1 and not _is_punct(view.words[b - 1]) and P[b - 1, QUOTE] < conf["shrink"]:
                new.discard(b - 1)
                b -= 1
        if conf["cut_roles"]:
            new -= own_cue | speaker
        if new and new != content:
            upd["content"] = [_span(ctx, view, a, b) for a, b in _runs(sorted(new))]
    content = _toks(view, upd.get("content", att.content))
    if conf["grow_speaker"] and speaker and not att.cue_implicit:
        grown = _grown(view, P[:, SPEAKER], conf["speaker"], speaker, sent, content | own_cue | others)
        if grown != speaker:
            sp = _span(ctx, view, min(grown), max(grown) + 1)
            upd["speaker"] = sp
            upd.update(_speaker_node(ctx, att, sp, keep_chain=True))
    if conf["fill_speaker"] and att.speaker is None and not att.cue_implicit and own_cue:
        run = _nearest_run(view, P[:, SPEAKER], conf["speaker"], own_cue, sent, content | own_cue | others)
        if run is not None:
            sp = _span(ctx, view, *run)
            upd["speaker"] = sp
            upd.update(_speaker_node(ctx, att, sp))
    if conf["fill_addressee"] and att.addressee is None and not att.cue_implicit and own_cue:
        sp_t = _toks(view, [upd.get("speaker", att.speaker)])
        run = _nearest_run(view, P[:, ADDRESSEE], conf["addressee"], own_cue, sent, content | own_cue | sp_t | others)
        if run is not None:
            upd["addressee"] = _span(ctx, view, *run)
    if not upd:
        return att
    parts = [upd.get("speaker", att.speaker), *upd.get("content", att.content)]
    if not att.cue_implicit:
        parts.append(att.cue)
    starts = [s.start for s in parts if s is not None] + [att.start]
    ends = [s.end for s in parts if s is not None] + [att.end]
    upd["start"], upd["end"] = min(starts), max(ends)
    upd["text"] = ctx.text[upd["start"]:upd["end"]]
    return att.model_copy(update=upd)


def _grown(view, p: np.ndarray, threshold: float, tokens: set[int], sent: np.ndarray, blocked: set[int]) -> set:
    """`tokens` (one run) grown to both sides over tokens with p >= threshold, within its sentence."""
    a, b = min(tokens), max(tokens) + 1
    lo, hi = view.sents[sent[a]]
    while a - 1 >= lo and a - 1 not in blocked and p[a - 1] >= threshold and not _particle(view.words[a - 1]):
        a -= 1
    while b < hi and b not in blocked and p[b] >= threshold and not _particle(view.words[b]):
        b += 1
    while b - a > 1 and _is_punct(view.words[b - 1]) and b - 1 not in tokens:  # no trailing comma
        b -= 1
    return set(range(a, b))


NO_SPEAKER = {"man", "es"}  # the rules read these as no speaker ("Man sagt, ..."); the tagger must not add them


def _particle(word: str) -> bool:
    """Adverbs and focus particles stay outside a speaker phrase ("Auch zwei Vereine")."""
    from .lexicon import is_adverb

    return is_adverb(word.lower())


def _nearest_run(view, p: np.ndarray, threshold: float, cue: set[int], sent: np.ndarray, blocked: set[int]):
    """The run of tokens with p >= threshold in the cue's sentence, outside `blocked`, nearest the cue."""
    k = sent[min(cue)]
    a, b = view.sents[k]
    idx = [i for i in range(a, b) if p[i] >= threshold and i not in blocked and not _is_punct(view.words[i])
           and view.words[i].lower() not in NO_SPEAKER]
    best = None
    for r in _runs(idx):
        # a run that ends in punctuation-free words; distance to the cue in tokens
        d = min(abs(i - c) for i in range(*r) for c in cue)
        if best is None or d < best[0]:
            best = (d, r)
    return best[1] if best else None


def _speaker_node(ctx, att, sp, keep_chain: bool = False) -> dict:
    """Chain (the rules' chain, then the new speaker as origin) and the mention that heads the speaker phrase;
    `keep_chain`: a grown speaker keeps the rules' chain (its origin node is the same source) with the new span."""
    from ..model import SourceNode
    from .kinds import head_mention, source_node

    mentions = list(getattr(ctx.annotations, "mentions", None) or [])
    m = head_mention(mentions, sp.start, sp.end)
    if keep_chain:
        return {"speaker_mention_id": m.id if m else att.speaker_mention_id,
                "speaker_entity_id": m.entity_id if m else att.speaker_entity_id}
    # the rules' chain (outlet, relays of a nesting attribution) gets the new speaker as its origin
    head = list(att.chain) if att.chain else [SourceNode.outlet_of(ctx.article)]
    return {"chain": [*head, source_node(sp, m)], "speaker_mention_id": m.id if m else None,
            "speaker_entity_id": m.entity_id if m else None}


def _new(ctx, view, P, atts, conf) -> list:
    """Attributions for sentences where the tagger finds a cue and a message that no attribution covers."""
    from ..model import Attribution

    covered = set()
    for a in atts:
        covered |= _toks(view, [a.cue, *a.cue_parts, a.speaker, *a.content])
    sent = _sentence_of(view)
    out = []
    for k, (a, b) in enumerate(view.sents):
        if covered & set(range(a, b)) or ctx.is_flagged(int(view.starts[a]), int(view.ends[b - 1])):
            continue
        cues = [i for i in range(a, b) if P[i, CUE] >= conf["new_cue"] and not _is_punct(view.words[i])]
        if not cues:
            continue
        cue_run = min(_runs(cues), key=lambda r: -float(P[r[0]:r[1], CUE].max()))
        cue = set(range(*cue_run))
        quote = [i for i in range(a, b) if P[i, QUOTE] >= conf["new_quote"] and i not in cue]
        runs = [r for r in _runs(quote) if r[1] - r[0] >= conf["new_min_tokens"]]
        if not runs:
            continue
        q = max(runs, key=lambda r: r[1] - r[0])
        content = [_span(ctx, view, *q)]
        sp_run = _nearest_run(view, P[:, SPEAKER], conf["speaker"], cue, sent, cue | set(range(*q)))
        cue_span = _span(ctx, view, *cue_run)
        speaker = _span(ctx, view, *sp_run) if sp_run else None
        inside = any(view.words[i] in ("„", "»", '"', "“") for i in range(max(a, q[0] - 1), q[0] + 1))
        parts = [cue_span, *content] + ([speaker] if speaker else [])
        s, e = min(p.start for p in parts), max(p.end for p in parts)
        att = ctx.span(s, e, Attribution, id=f"{ctx.article.id}:att{len(atts) + len(out)}",
                       type="direct" if inside else "indirect", cue=cue_span, cue_parts=[cue_span],
                       speaker=speaker, content=content, chain=[_outlet_node(ctx, atts)])
        out.append(att.model_copy(update=_speaker_node(ctx, att, speaker)) if speaker else att)
    return out


def _outlet_node(ctx, atts):
    from ..model import SourceNode

    for a in atts:
        if a.chain:
            return a.chain[0]
    return SourceNode.outlet_of(ctx.article)
