"""From records to `Attribution` spans: source chains, media, nesting and the short quotes inside attributions.

The constructions leave token-range records (`state.Rec`); this turns them into spans of the article with the
chain from the outlet to the origin (`chains.py`), the medium a sentence names ("in einem Interview"), the parent
an attribution is nested in (its cue inside another's content: the chain goes through the parent), and the short
quotes inside an attribution's content or frame as direct quotes of the same speaker ("nannte die Lage
„dramatisch“"), leaving out names and titles in quotes.
"""
from __future__ import annotations

from ...model import Attribution, SourceNode
from .. import antecedents
from .. import lexicon as lx
from ..chains import ChainBuilder
from ..nesting import first_containers
from .direct_quotes import title_quote


def to_attributions(ctx, ex, recs) -> list[Attribution]:
    """The records as `Attribution` spans with their source chains, nested in the attribution whose content holds
    their cue, followed by the short quotes nested in an attribution's content or frame."""
    d = ex.d
    aid = ctx.article.id
    outlet = SourceNode.outlet_of(ctx.article)
    mentions = list(getattr(ctx.annotations, "mentions", None) or [])

    def tspan(r):
        return ctx.span(d.idx[r[0]], d.end_char(r[1] - 1))

    resolve = antecedents.speaker_resolver(ctx, mentions)

    builder = ChainBuilder(ex, ctx, outlet, resolve)
    out: list[Attribution] = []
    for r in recs:
        content = [ctx.span(a, b) for a, b in r.content if a is not None]
        if not content:
            continue
        cue_span = ctx.span(d.idx[min(c[0] for c in r.cue)], d.end_char(max(c[1] for c in r.cue) - 1))
        cue_parts = [tspan(c) for c in sorted(r.cue)]
        speaker = tspan(r.speaker) if r.speaker else None
        starts = [content[0].start, cue_span.start] + ([speaker.start] if speaker else [])
        ends = [content[-1].end, cue_span.end] + ([speaker.end] if speaker else [])
        if r.speaker_from is not None:  # inherited speaker lies in an earlier sentence: span = content only
            starts, ends = [content[0].start], [content[-1].end]
        chain, mention = builder.chain(r)
        ent = mention.entity_id if mention is not None else None
        addressee = tspan(r.addressee) if r.addressee else None
        medium = r.medium
        sent_text = ctx.text[d.idx[ex.sents[r.sent][0]]:d.end_char(ex.sents[r.sent][1] - 1)].lower()
        for clue, med in lx.MEDIUM_CLUES:
            if clue in sent_text:
                medium = med
                break
        if medium not in ("spoken", "written", "video_message", "social_post", "interview", "statement", "report"):
            medium = "unknown"
        att = ctx.span(min(starts), max(ends), Attribution, id=f"{aid}:att{len(out)}", type=r.type, cue=cue_span,
                       cue_parts=cue_parts, cue_implicit=r.cue_implicit, speaker=speaker,
                       speaker_entity_id=ent, speaker_mention_id=mention.id if mention else None,
                       content=content, addressee=addressee, medium=medium, chain=chain)
        out.append(att)
    # Nesting: an attribution whose cue lies inside another's content is nested in it (the first such one).
    contents = [(c.start, c.end, i) for i, p in enumerate(out) for c in p.content]
    parents = first_containers([c for c in contents if out[c[2]].type not in ("free_indirect",)],
                               [(a.cue.start, a.cue.end, i) if not a.cue_implicit else (-1, -1, i)
                                for i, a in enumerate(out)])
    for a, p in zip(out, parents):
        if p is not None and not a.cue_implicit:
            a.parent_id = out[p].id
            a.chain = out[p].chain + a.chain[1:]
    return out + _nested_quotes(ctx, ex, out, contents)


def _nested_quotes(ctx, ex, out: list[Attribution], contents) -> list[Attribution]:
    """Short quotes inside an attribution's content ("nannte die Lage „dramatisch“") are nested direct quotes;
    `contents` are the (start, end, index) content ranges of `out`."""
    aid = ctx.article.id
    extra = []
    direct = {(c.start, c.end) for a in out if a.type == "direct" for c in a.content}
    quotes = [(cs, ce, None) for _, _, cs, ce in ex.quotes]
    in_speaker = first_containers([(a.speaker.start, a.speaker.end, i) for i, a in enumerate(out) if a.speaker],
                                  quotes)
    in_content = first_containers(contents, quotes)
    # A short quote in a sentence with a frame but outside its content: same speaker.
    in_frame = first_containers([(a.start, a.end, i) for i, a in enumerate(out) if not a.cue_implicit], quotes)
    for (qa, qb, cs, ce), speaker_i, content_i, frame_i in zip(ex.quotes, in_speaker, in_content, in_frame):
        if (cs, ce) in direct:
            continue
        if title_quote(ex, qa, qb) or speaker_i is not None:
            continue  # names and titles ("die Zeitung „Die Welt“") and quotes inside a speaker are no quotations
        host_i = content_i if content_i is not None else frame_i
        if host_i is None:
            continue
        host = out[host_i]
        extra.append(ctx.span(cs, ce, Attribution, id=f"{aid}:att{len(out) + len(extra)}", type="direct",
                              cue=host.cue, cue_parts=host.cue_parts, speaker=host.speaker,
                              speaker_entity_id=host.speaker_entity_id, speaker_mention_id=host.speaker_mention_id,
                              content=[ctx.span(cs, ce)], medium=host.medium, parent_id=host.id, chain=host.chain,
                              cue_implicit=host.cue_implicit))
    return extra
