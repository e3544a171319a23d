"""Find `SERVICE` clauses in a SPARQL query or update, so that the endpoint can refuse them.

A SERVICE clause makes the engine send an HTTP request to whatever address the query names and
return the answer: from a public endpoint, a way into the machine's own network. The check reads
the text as the SPARQL grammar does, so that the word inside a string, a comment, an IRI, a
variable (`?service`) or a prefixed name (`ex:service`) is not mistaken for the keyword, and it
first undoes `\\uXXXX` escapes, which SPARQL processes before parsing (so `\\u0053ERVICE` is
SERVICE to the engine, and to this check).

>>> find_service('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
(1, 18)
>>> find_service('SELECT * WHERE { ?service rdfs:comment "SERVICE" } # SERVICE') is None
True
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# The lexical tokens that can hold the letters of SERVICE without being the keyword, in the order
# the grammar's longest match tries them at one position. A bare word stops at '.' and '-' (the
# engine reads `true.SERVICE` as three tokens); only a prefixed name or blank node carries them.
_NAME = r"[\w\u00b7\u0300-\u036f\u203f-\u2040]"
_LOCAL = r"(?:[\w\-.:%\u00b7\u0300-\u036f\u203f-\u2040]|\\[_~.\-!$&'()*+,;=/?#@%])*"
_TOKEN = re.compile(rf'''
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]{_NAME}+)
  | (?P<prefixed>(?:[^\W\d]{_NAME}*(?:[.\-]+{_NAME}+)*)?:{_LOCAL})
  | (?P<word>{_NAME}+)
''', re.VERBOSE | re.DOTALL)


def unescape_codepoints(text: str) -> str:
    """Replace `\\uXXXX` and `\\UXXXXXXXX` with their characters, as a SPARQL parser does first."""
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(char, text)


def find_service(text: str) -> tuple[int, int] | None:
    """(line, column), both from 1, of the first SERVICE keyword, or None when there is none.

    An unterminated string or IRI is read as ordinary characters, so the check can only err
    towards refusing: the keyword is never hidden by text the engine would not read as one token.
    """
    text = unescape_codepoints(text)
    pos = 0
    while True:
        m = _TOKEN.search(text, pos)
        if m is None:
            return None
        if m.lastgroup == "word" and m.group().upper() == "SERVICE":
            line = text.count("\n", 0, m.start()) + 1
            return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        pos = m.end()
