"""The per-article time budget and memory cap (issue 18): an article past either becomes an error record for that
article, the next one is analysed, in the main thread (a stage stuck in one call is stopped by SIGALRM) and in
any other thread (Dask workers run tasks in threads: checks between stages and windows)."""
import re
import signal
import threading

import pytest

from quellenlage import guard as guard_module
from quellenlage import pipeline
from quellenlage.context import Options
from quellenlage.ingest import build_article
from quellenlage.model import Article
from quellenlage.pipeline import analyse, analyse_many, budget_error

SENTENCE = "Nach Angaben der Polizei wurden am Montag {n} Menschen verletzt, sagte ein Sprecher der Stadt."
SMALL = "Die Feuerwehr meldete am Dienstag 40 Einsatzkräfte. Die Lage sei ruhig, sagte eine Sprecherin."


def long_article(chars: int = 400_000) -> Article:
    paragraphs = [" ".join(SENTENCE.format(n=n + k) for k in range(6)) for n in range(0, chars // 500)]
    return build_article({"text": "\n\n".join(paragraphs)[:chars]}, "long.txt")


def small_article() -> Article:
    return build_article({"text": SMALL}, "small.txt")


@pytest.fixture(scope="module", autouse=True)
def models_loaded():
    pipeline.warm_up(Options(embedder="hash"))


def test_an_article_over_the_budget_is_an_error_record_and_the_next_is_analysed():
    results = analyse_many([long_article(), small_article()], Options(budget_s=1.5, embedder="hash"), workers=1)
    over, ok = results
    assert budget_error(over) is not None
    assert over.errors[0].message.startswith("over the time budget of 1.5 s in stage ")
    assert "window" in over.errors[0].message  # which part of the long text it was in
    assert not over.sentences and not over.claims  # nothing half-analysed is passed on
    assert not ok.errors and ok.sentences and ok.claims


def test_the_budget_holds_in_a_thread_without_signals():
    out = {}
    thread = threading.Thread(target=lambda: out.update(ann=analyse(long_article(), Options(budget_s=1.0,
                                                                                           embedder="hash"))))
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    assert budget_error(out["ann"]).message.startswith("over the time budget of 1 s in stage ")


def test_a_stage_stuck_in_one_call_is_stopped(monkeypatch):
    import quellenlage.time as time_stage

    # a regex that backtracks for hours, inside the time stage
    monkeypatch.setattr(time_stage, "run", lambda ctx: re.match(r"(a+)+$", "a" * 40 + "b"))
    stuck = analyse(small_article(), Options(budget_s=1.0, embedder="hash"))
    assert [(e.stage, e.message) for e in stuck.errors] == [("time", "over the time budget of 1 s in stage time")]
    monkeypatch.undo()
    assert not analyse(small_article(), Options(budget_s=1.0, embedder="hash")).errors


def test_a_previous_alarm_is_given_back():
    """A test runner's own timeout (SIGALRM) still stands after an article was analysed under a budget."""
    fired = []

    def runner_timeout(signum, frame):
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, runner_timeout)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        analyse(small_article(), Options(budget_s=5, embedder="hash"))
        assert signal.getsignal(signal.SIGALRM) is runner_timeout
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < remaining <= 30 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_an_article_over_the_memory_cap_is_an_error_record(monkeypatch):
    readings = iter(range(500, 10_000, 300))  # resident MB, growing at every look
    monkeypatch.setattr(guard_module, "rss_mb", lambda: next(readings))
    ann = analyse(small_article(), Options(budget_s=None, max_rss_mb=1200, embedder="hash"))
    error = budget_error(ann)
    assert error is not None and error.message.startswith("over the memory cap of 1200 MB in stage ")


def test_memory_left_over_from_before_does_not_fail_the_next_article(monkeypatch):
    monkeypatch.setattr(guard_module, "rss_mb", lambda: 2000.0)  # above the cap, but not growing
    ann = analyse(small_article(), Options(budget_s=None, max_rss_mb=1200, embedder="hash"))
    assert not ann.errors and ann.claims


def test_no_limits_when_switched_off():
    ann = analyse(small_article(), Options(budget_s=None, max_rss_mb=None, embedder="hash"))
    assert not ann.errors and ann.sentences


def test_the_brief_job_lists_an_article_over_budget_as_an_error_input(tmp_path):
    from quellenlage.run import analyse_inputs

    (tmp_path / "a_long.txt").write_text(long_article().text, encoding="utf-8")
    (tmp_path / "b_small.txt").write_text(SMALL, encoding="utf-8")
    inputs, articles, annotations = analyse_inputs([str(tmp_path)], workers=1, budget_s=1.5)
    by_name = {r.source.rsplit("/", 1)[-1]: r for r in inputs}
    assert by_name["a_long.txt"].status == "error" and by_name["a_long.txt"].error_kind == "over_budget"
    assert by_name["a_long.txt"].message.startswith("over the time budget of 1.5 s")
    assert by_name["b_small.txt"].status == "ok" and len(annotations) == 2
