"""The search language people type, parsed once into a tree every engine translates (SQLite FTS5, PostgreSQL,
Elasticsearch), so the pages, the JSON API and the command line mean the same thing by the same query.

    حرية التعبير                  both words (AND is implied)
    "أخبار كاذبة"                  the exact phrase
    تعبير OR رأي                   either
    -عقوبة                         not this word
    قانون*                         words beginning so
    kind:law  year:2010  year:2000..2010  year:>=2011  status:in_force
    standard:ICCPR-19  assessment:incompatible  tag:expression  law:17/2010
    (تعبير OR رأي) -ملغى           grouping

A malformed query raises ``QueryError`` with a message a person can act on and where the problem is; it never
reaches an engine. Words are kept as typed: each engine applies the same analysis (``text.stemming``) to
words and to the indexed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from text.normalise import western_digits

__all__ = [
    "FIELDS",
    "And",
    "Field",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "QueryError",
    "Term",
    "mixed_field_error",
    "only_exclusions_error",
    "parse",
    "split_fields",
]

# The fields people may name, with what they filter.
FIELDS = {
    "kind": gettext_lazy("the kind of law (law, decree, legislative-decree, constitution, …)"),
    "year": gettext_lazy("the year of the law: 2010, 2000..2010, >=2011, <1990"),
    "status": gettext_lazy("the law's status (in-force, amended, repealed)"),
    "standard": gettext_lazy("a standard's code, e.g. ICCPR-19, or an instrument, e.g. ICCPR"),
    "assessment": gettext_lazy("compatible, partially_compatible, incompatible or unclear"),
    "tag": gettext_lazy("a rights tag, e.g. expression"),
    "law": gettext_lazy("a law by number/year (17/2010) or by its identifier"),
}
_MINUS = gettext_lazy("A minus sign must come right before the word it excludes, as in «-ملغى».")
_OR = gettext_lazy("OR needs something on each side, as in «تعبير OR رأي».")
MAX_LENGTH = 500
MAX_TERMS = 50
_YEAR = re.compile(r"^\d{1,4}$")
_RANGE = re.compile(r"^(?P<low>\d{1,4})?\.\.(?P<high>\d{1,4})?$")
_COMPARISON = re.compile(r"^(?P<op>>=|<=|>|<)(?P<year>\d{1,4})$")
_TOKEN = re.compile(
    r'\s*(?:(?P<lparen>\()|(?P<rparen>\))|(?P<quote>")|(?P<minus>-)(?=\S)|(?P<word>[^\s()"]+))',
)


class QueryError(ValueError):
    """A query that cannot be understood: ``message`` says why and what to do, ``position`` where (0-based)."""

    def __init__(self, message: str | Promise, position: int = 0) -> None:
        message = str(message)  # a lazy translation, in the language of the request that made it
        super().__init__(message)
        self.message = message
        self.position = position


class Node:
    """A part of a parsed query."""

    def terms(self) -> list[Node]:
        """The leaves (words, phrases, fields) under this node."""
        return [self]


@dataclass(frozen=True)
class Term(Node):
    text: str
    prefix: bool = False  # «قانون*»: words beginning with ``text``


@dataclass(frozen=True)
class Phrase(Node):
    text: str


@dataclass(frozen=True)
class Field(Node):
    name: str
    value: str = ""  # an exact value (kind:law, standard:ICCPR-19)
    low: int | None = None  # year ranges, both ends included
    high: int | None = None


@dataclass(frozen=True)
class Not(Node):
    node: Node

    def terms(self) -> list[Node]:
        return self.node.terms()


@dataclass(frozen=True)
class And(Node):
    nodes: tuple[Node, ...] = field(default_factory=tuple)

    def terms(self) -> list[Node]:
        return [leaf for node in self.nodes for leaf in node.terms()]


@dataclass(frozen=True)
class Or(Node):
    nodes: tuple[Node, ...] = field(default_factory=tuple)

    def terms(self) -> list[Node]:
        return [leaf for node in self.nodes for leaf in node.terms()]


def parse(text: str) -> Node | None:
    """The query's tree, or None for an empty query. Raises QueryError for a malformed one."""
    if len(text) > MAX_LENGTH:
        raise QueryError(
            _("The query is longer than %(limit)d characters; shorten it.") % {"limit": MAX_LENGTH}, MAX_LENGTH
        )
    parser = _Parser(text)
    node = parser.expression(top=True)
    if node is not None and len(node.terms()) > MAX_TERMS:
        raise QueryError(_("The query has more than %(limit)d words and fields; use fewer.") % {"limit": MAX_TERMS})
    return node


@dataclass
class _Token:
    kind: str  # lparen, rparen, phrase, minus, word, or
    text: str
    position: int


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expression(self, *, top: bool = False) -> Node | None:
        """OR of ANDs, up to a closing bracket (or the end, at the top)."""
        alternatives: list[Node] = []
        while True:
            conjunction = self.conjunction()
            token = self.peek()
            if token is not None and token.kind == "or":
                if conjunction is None:
                    raise QueryError(_OR, token.position)
                alternatives.append(conjunction)
                self.take()
                following = self.peek()
                if following is None or following.kind in {"or", "rparen"}:
                    raise QueryError(_OR, token.position)
                continue
            if conjunction is not None:
                alternatives.append(conjunction)
            break
        token = self.peek()
        if token is not None and token.kind == "rparen" and top:
            raise QueryError(_("A closing bracket has no opening one; remove it."), token.position)
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else Or(tuple(alternatives))

    def conjunction(self) -> Node | None:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in {"or", "rparen"}:
            parts.append(self.unary())
        if not parts:
            return None
        if all(isinstance(part, Not) for part in parts):
            raise only_exclusions_error(self.tokens[0].position)
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token.kind == "minus":
            self.take()
            following = self.peek()
            if following is None or following.kind in {"or", "rparen", "minus"}:
                raise QueryError(_MINUS, token.position)
            return Not(self.atom())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "lparen":
            inner = self.expression()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QueryError(_("A bracket is opened but not closed; add «)»."), token.position)
            self.take()
            if inner is None:
                raise QueryError(_("Empty brackets: put words inside or remove them."), token.position)
            return inner
        if token.kind == "phrase":
            words = token.text.strip()
            if not words:
                raise QueryError(_("The quotes hold no words."), token.position)
            return Phrase(words)
        if token.kind == "word":
            return _word(token)
        raise QueryError(_("Something is missing before this point."), token.position)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        if text[position] == '"':
            end = text.find('"', position + 1)
            if end == -1:
                raise QueryError(_('A quote is opened but not closed; add the closing ".'), position)
            tokens.append(_Token("phrase", text[position + 1 : end], position))
            position = end + 1
            continue
        match = _TOKEN.match(text, position)
        assert match is not None
        start = match.start(match.lastgroup or 0)
        if match.group("lparen"):
            tokens.append(_Token("lparen", "(", start))
        elif match.group("rparen"):
            tokens.append(_Token("rparen", ")", start))
        elif match.group("minus"):
            tokens.append(_Token("minus", "-", start))
        else:
            word = match.group("word")
            if word == "-":
                raise QueryError(_MINUS, start)
            if word == "OR":
                tokens.append(_Token("or", word, start))
            elif word.endswith(":") and match.end() < len(text) and text[match.end()] == '"':
                # field:"a phrase"
                end = text.find('"', match.end() + 1)
                if end == -1:
                    raise QueryError(_('A quote is opened but not closed; add the closing ".'), match.end())
                tokens.append(_Token("word", word + text[match.end() + 1 : end], start))
                position = end + 1
                continue
            else:
                tokens.append(_Token("word", word, start))
        position = match.end()
    return tokens


def _word(token: _Token) -> Node:
    text = token.text
    name, colon, value = text.partition(":")
    if colon and name and not name.startswith("http"):
        return _field(name.lower(), value, token.position)
    if text.endswith("*"):
        stem = text.rstrip("*")
        if len(stem) < 2:
            raise QueryError(_("A prefix search needs at least two letters before «*»."), token.position)
        return Term(stem, prefix=True)
    if "*" in text:
        raise QueryError(_("«*» may only end a word (قانون* finds words beginning with قانون)."), token.position)
    return Term(text)


def _field(name: str, value: str, position: int) -> Field:
    if name not in FIELDS:
        known = ", ".join(f"{field_name}:" for field_name in FIELDS)
        raise QueryError(
            _("There is no field «%(name)s:»; the fields are %(known)s.") % {"name": name, "known": known}, position
        )
    value = value.strip()
    if not value:
        raise QueryError(
            _("«%(name)s:» needs a value, e.g. %(example)s.") % {"name": name, "example": FIELDS[name]}, position
        )
    if name != "year":
        return Field(name, value)
    year = western_digits(value)
    if _YEAR.match(year):
        return Field(name, low=int(year), high=int(year))
    if match := _RANGE.match(year):
        low = int(match.group("low")) if match.group("low") else None
        high = int(match.group("high")) if match.group("high") else None
        if low is None and high is None:
            raise QueryError(_("A year range needs at least one end, e.g. year:2000..2010."), position)
        if low is not None and high is not None and low > high:
            raise QueryError(
                _("The year range %(low)s..%(high)s runs backwards; write %(high)s..%(low)s.")
                % {"low": low, "high": high},
                position,
            )
        return Field(name, low=low, high=high)
    if match := _COMPARISON.match(year):
        number, op = int(match.group("year")), match.group("op")
        bounds = {">=": (number, None), ">": (number + 1, None), "<=": (None, number), "<": (None, number - 1)}[op]
        return Field(name, low=bounds[0], high=bounds[1])
    raise QueryError(
        _("«%(value)s» is not a year: write year:2010, year:2000..2010 or year:>=2011.") % {"value": value}, position
    )


def mixed_field_error(name: str) -> QueryError:
    """A field ORed with words or inside a group of words: every engine refuses it the same way."""
    return QueryError(
        _(
            "A field such as «%(name)s:» can be combined with words only by AND (write it beside them) or excluded "
            "with «-»; it cannot be ORed with a word or put inside a group of words."
        )
        % {"name": name}
    )


def only_exclusions_error(position: int = 0) -> QueryError:
    return QueryError(_("A query cannot only exclude: add a word to look for, as in «قانون -ملغى»."), position)


def _fields_only(node: Node) -> bool:
    """Made of fields only (Field, or NOT/AND/OR of them)."""
    if isinstance(node, Field):
        return True
    if isinstance(node, Not):
        return _fields_only(node.node)
    if isinstance(node, And | Or):
        return all(_fields_only(child) for child in node.nodes)
    return False


def split_fields(node: Node | None) -> tuple[list[Node], list[Node]]:
    """The query's top-level parts as (fields, words): every engine filters by the first and matches the second.
    A field ORed with a word or inside a group of words raises ``QueryError`` (the same on every engine)."""
    fields: list[Node] = []
    words: list[Node] = []
    for part in [] if node is None else list(node.nodes) if isinstance(node, And) else [node]:
        if _fields_only(part):
            fields.append(part)
        elif any(isinstance(leaf, Field) for leaf in part.terms()):
            raise mixed_field_error(next(leaf.name for leaf in part.terms() if isinstance(leaf, Field)))
        else:
            words.append(part)
    return fields, words
