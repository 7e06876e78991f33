"""An archive code, however it is typed: one normalization at every entrance.

The rule: a code is compared and stored trimmed, in NFKC (so full-width letters,
digits and hyphens read as their ASCII forms) and in upper case. ``hn-cs-wc``,
`` HN-CS-WC `` and ``ＨＮ－ＣＳ－ＷＣ`` all name the archive ``HN-CS-WC``.
Paths, query parameters, JSON bodies, imports and the CLI all pass through
``normalize_code``; nothing else upper-cases a code.
"""

import unicodedata


def normalize_code(raw: str) -> str:
    """The stored form of an archive code as a person may have typed it."""
    return unicodedata.normalize("NFKC", raw).strip().upper()
