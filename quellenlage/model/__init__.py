"""The one data model of Quellenlage (pydantic). Every item that points into text is a `Span`."""
from .annotations import *  # noqa: F401,F403
from .base import *  # noqa: F401,F403
from .briefing import SCHEMA_VERSION, Briefing, SummaryItem  # noqa: F401
from .crossdoc import *  # noqa: F401,F403
from .spans import SpanError, check_spans, iter_spans, make_span  # noqa: F401
