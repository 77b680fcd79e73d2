"""Password rules of 等保2.0 (8.1.4.1 a) that Django does not ship, with Chinese messages."""

import re

from django.core.exceptions import ValidationError

CLASSES = {
    "小写字母": re.compile(r"[a-z]"),
    "大写字母": re.compile(r"[A-Z]"),
    "数字": re.compile(r"\d"),
    "符号": re.compile(r"[^a-zA-Z\d]"),
}
CONTEXT_WORDS = ("红十字", "hongshizi", "redcross")


class CharacterClassesValidator:
    """At least three of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(bool(p.search(password)) for p in CLASSES.values()) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。", code="password_classes")

    def get_help_text(self):
        return f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.min_classes} 类。"


def _letters(text: str) -> str:
    """Lower case, punctuation, spaces and underscores dropped: ``yj_admin`` and ``Yj-Admin`` are one word."""
    return re.sub(r"[\W_]+", "", text or "").lower()


def _guessable(word: str) -> bool:
    """Long enough to mean something: three letters, or two characters of a Chinese name."""
    return len(word) >= 3 or (len(word) == 2 and not word.isascii())


class ContextWordsValidator:
    """No 红十字 / redcross, the user's org name, login or own name (``full_name``) inside the
    password, compared without punctuation, spaces or case on either side."""

    MESSAGE = "密码不能包含“红十字”、机构名称、登录名或姓名等容易猜到的词。"

    def validate(self, password, user=None):
        words = list(CONTEXT_WORDS)
        if user is not None:
            words += [getattr(user, "username", ""), getattr(user, "full_name", ""),
                      getattr(getattr(user, "org", None), "name", "")]
        plain = _letters(password)
        if any(_guessable(w) and w in plain for w in map(_letters, words)):
            raise ValidationError(self.MESSAGE, code="password_context")

    def get_help_text(self):
        return self.MESSAGE
