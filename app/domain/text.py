"""A message that people read, in both languages (English and Chinese); codes stay the same in both.

It lives in the domain so that the domain's rules can word their findings without
importing anything of the app; app.i18n re-exports it for every other caller.
"""

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


@dataclass(frozen=True, slots=True)
class Text:
    """A message in both languages."""

    en: str
    zh: str

    def pick(self, lang: str) -> str:
        """The message in `lang` ("zh" or anything else for English)."""
        return self.zh if lang == "zh" else self.en
