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


class ContextWordsValidator:
    """No 红十字 / redcross / the user's own org name or login inside the password."""

    def validate(self, password, user=None):
        lowered = password.lower()
        words = list(CONTEXT_WORDS)
        if user is not None:
            words += [w for w in (getattr(user, "username", ""), getattr(getattr(user, "org", None), "name", ""))
                      if w and len(w) >= 3]
        if any(w.lower() in lowered for w in words):
            raise ValidationError("密码不能包含“红十字”、机构名称或登录名等容易猜到的词。", code="password_context")

    def get_help_text(self):
        return "密码不能包含“红十字”、机构名称或登录名等容易猜到的词。"
