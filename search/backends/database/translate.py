"""The query tree (``search.query``) in the database engine's terms: the words as an FTS5 MATCH string or a
PostgreSQL ``tsquery``, the fields and the page's filters as SQL conditions on the entry table.

Words and phrases are analysed as the indexed text was (``search.analysis``): a word that analyses to nothing (a
stop word) is dropped; a word that gives several terms («ICCPR-19») is a phrase of them; a prefix matches the
word as typed and its own stem (the index holds stems). Fields may stand at the top level of a query, ANDed
with the words, excluded (``-status:repealed``) or ORed with other fields (``kind:law OR kind:decree``); a field
anywhere else (ORed with a word, inside a group of words) is refused with a ``QueryError``.
"""

# SQL here is built from this module's own table and column names; every value goes in as a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reviews.models import Instrument, StandardProvision
from search import analysis
from search.highlight import prefix_forms, prefix_stems
from search.query import And, Field, Node, Not, Or, Phrase, QueryError, Term, only_exclusions_error, split_fields
from text.normalise import western_digits, whole_number

__all__ = ["Plan", "Sql", "facet_name", "filter_conditions", "filters_sql", "plan"]

ENTRY = "qanun_search_indexentry"
FACET = "qanun_search_indexfacet"
_FILTERS = ("type", "kind", "year", "status", "standard", "assessment", "tag", "law")


@dataclass
class Sql:
    """A SQL condition with its parameters."""

    text: str
    params: list = field(default_factory=list)


@dataclass
class Plan:
    """A query split into what the full-text index matches and what SQL filters."""

    match: str | None = None  # the FTS5 / tsquery expression the entries must match (None: no words)
    exclude: str | None = None  # words no entry may match (a query of fields and exclusions only)
    nothing: bool = False  # the query had words, but all were stop words: nothing matches
    conditions: list[Sql] = field(default_factory=list)
    text: Node | None = None  # the words part of the query (for highlights)


# --- splitting words from fields ----------------------------------------------------------------------------


def plan(node: Node | None, *, vendor: str, audience: str) -> Plan:
    """Split the query and translate both halves."""
    result = Plan()
    fields, words = split_fields(node)
    result.conditions = [_fields_sql(part, audience) for part in fields]
    if not words:
        return result
    result.text = words[0] if len(words) == 1 else And(tuple(words))
    translate = _fts5 if vendor == "sqlite" else _tsquery
    positive = [translate(part) for part in words if not isinstance(part, Not)]
    negative = [translate(part.node) for part in words if isinstance(part, Not)]
    found_positive = [expression for expression in positive if expression]
    found_negative = [expression for expression in negative if expression]
    if positive and not found_positive:
        result.nothing = True
        return result
    if found_positive:
        result.match = _combine(vendor, found_positive, found_negative)
    elif found_negative:
        result.exclude = _join(vendor, "OR", found_negative)
    return result


# --- words: FTS5 -------------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts5(node: Node) -> str | None:
    if isinstance(node, Term) and node.prefix:
        forms = [f"{_quote(form)}*" for form in prefix_forms(node.text)]
        forms += [_quote(stem) for stem in prefix_stems(node.text)]
        return _join("sqlite", "OR", forms) if forms else None
    if isinstance(node, Term | Phrase):
        found = analysis.terms(node.text)
        return _quote(" ".join(found)) if found else None
    return _boolean(node, "sqlite", _fts5)


# --- words: PostgreSQL tsquery -----------------------------------------------------------------------------


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(node: Node) -> str | None:
    if isinstance(node, Term) and node.prefix:
        forms = [f"{_lexeme(form)}:*" for form in prefix_forms(node.text)]
        forms += [_lexeme(stem) for stem in prefix_stems(node.text)]
        return _join("postgresql", "OR", forms) if forms else None
    if isinstance(node, Term | Phrase):
        found = analysis.terms(node.text)
        return "(" + " <-> ".join(_lexeme(term) for term in found) + ")" if found else None
    return _boolean(node, "postgresql", _tsquery)


# --- words: AND, OR, NOT -----------------------------------------------------------------------------------

_OPERATORS = {"sqlite": {"AND": " AND ", "OR": " OR "}, "postgresql": {"AND": " & ", "OR": " | "}}


def _join(vendor: str, operator: str, parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "(" + _OPERATORS[vendor][operator].join(parts) + ")"


def _combine(vendor: str, positive: Sequence[str], negative: Sequence[str]) -> str:
    """(all of the positive) without (any of the negative)."""
    expression = _join(vendor, "AND", positive)
    if not negative:
        return expression
    excluded = _join(vendor, "OR", negative)
    if vendor == "sqlite":
        return f"({expression} NOT {excluded})"
    return f"({expression} & !{excluded})"


def _boolean(node: Node, vendor: str, translate: Callable[[Node], str | None]) -> str | None:
    if isinstance(node, Or):
        parts = [found for child in node.nodes if (found := translate(child))]
        return _join(vendor, "OR", parts) if parts else None
    if isinstance(node, And):
        positive = [found for child in node.nodes if not isinstance(child, Not) and (found := translate(child))]
        negative = [found for child in node.nodes if isinstance(child, Not) and (found := translate(child.node))]
        return _combine(vendor, positive, negative) if positive else None
    if isinstance(node, Not):  # the parser only lets a NOT stand beside something positive
        raise only_exclusions_error()
    raise QueryError(_("This part of the query cannot be searched."))


# --- fields and filters ------------------------------------------------------------------------------------


def facet_name(name: str, audience: str) -> str:
    """The facet rows a multi-valued facet reads: staff count and filter every annotation's values, the public
    only the public's."""
    return f"staff_{name}" if audience == "staff" else name


def _facet_sql(name: str, values: Sequence[str], audience: str) -> Sql:
    marks = ", ".join(["%s"] * len(values))
    return Sql(
        f"EXISTS (SELECT 1 FROM {FACET} f WHERE f.entry_id = e.id AND f.name = %s AND f.value IN ({marks}))",
        [facet_name(name, audience), *values],
    )


def _in(column: str, values: Sequence) -> Sql:
    if not values:
        return Sql("1 = 0")
    return Sql(f"e.{column} IN ({', '.join(['%s'] * len(values))})", list(values))


def _dashed(value: str) -> str:
    return value.strip().lower().replace("_", "-")


def _standard_codes(value: str) -> list[str]:
    """The catalogue's spelling of a typed code («iccpr-19» is ICCPR-19, «archr» ArCHR), or the value itself."""

    codes = {value.strip()}
    codes.update(StandardProvision.objects.filter(code__iexact=value.strip()).values_list("code", flat=True))
    codes.update(Instrument.objects.filter(code__iexact=value.strip()).values_list("code", flat=True))
    return sorted(codes)


def _law_sql(values: Sequence[str]) -> Sql:
    cleaned = [western_digits(value.strip()) for value in values]
    ids = [number for value in cleaned if (number := whole_number(value)) is not None]
    refs = [value for value in cleaned if value and whole_number(value) is None]
    parts = []
    if ids:
        parts.append(_in("law_id", ids))
    if refs:
        parts.append(_in("law_ref", refs))
    if not parts:
        return Sql("1 = 0")
    return Sql("(" + " OR ".join(part.text for part in parts) + ")", [p for part in parts for p in part.params])


def _values_sql(name: str, values: Sequence[str], audience: str) -> Sql:
    """One facet's values (ORed) as a condition."""
    if name == "type":
        return _in("kind", [value.strip().lower() for value in values])
    if name == "kind":
        return _in("law_kind", [_dashed(value) for value in values])
    if name == "status":
        return _in("status", [_dashed(value) for value in values])
    if name == "year":
        years = [year for value in values if (year := whole_number(value, max_digits=4)) is not None]
        return _in("year", years)
    if name == "law":
        return _law_sql(values)
    if name == "standard":
        return _facet_sql(name, sorted({code for value in values for code in _standard_codes(value)}), audience)
    if name == "assessment":
        return _facet_sql(name, [value.strip().lower().replace("-", "_") for value in values], audience)
    if name == "tag":
        return _facet_sql(name, [value.strip().lower() for value in values], audience)
    raise QueryError(
        _("There is no filter «%(name)s»; the filters are %(known)s.") % {"name": name, "known": ", ".join(_FILTERS)}
    )


def _field_sql(node: Field, audience: str) -> Sql:
    if node.name == "year":
        parts, params = [], []
        if node.low is not None:
            parts.append("e.year >= %s")
            params.append(node.low)
        if node.high is not None:
            parts.append("e.year <= %s")
            params.append(node.high)
        return Sql("(" + " AND ".join(parts) + ")", params)
    return _values_sql(node.name, [node.value], audience)


def _fields_sql(node: Node, audience: str) -> Sql:
    if isinstance(node, Field):
        return _field_sql(node, audience)
    if isinstance(node, Not):
        inner = _fields_sql(node.node, audience)
        return Sql(f"NOT COALESCE(({inner.text}), FALSE)", inner.params)
    assert isinstance(node, And | Or)
    parts = [_fields_sql(child, audience) for child in node.nodes]
    joiner = " AND " if isinstance(node, And) else " OR "
    return Sql("(" + joiner.join(part.text for part in parts) + ")", [p for part in parts for p in part.params])


def filter_conditions(filters: Mapping[str, Sequence[str]], audience: str) -> dict[str, Sql]:
    """The page's filters, one condition per facet (its values ORed), by facet name."""
    return {name: _values_sql(name, list(values), audience) for name, values in filters.items() if values}


def filters_sql(filters: Mapping[str, Sequence[str]], audience: str) -> list[Sql]:
    """The page's filters: ANDed across facets, values ORed within one."""
    return list(filter_conditions(filters, audience).values())
