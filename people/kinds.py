"""The kinds of person the portal keeps (member, volunteer …), each described once so that the
shared services (``people.privacy``) and pages (``people.views``) serve all of them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Importer:
    """How a kind's Excel upload is read (``people.views.import_upload``); the engine is the app's.
    ``options(cleaned_data, request)`` gives the keyword arguments the other calls take."""

    #: the scoping action an import needs
    action: str
    template: str
    #: ``form(data, files, user=…)``
    form: Callable
    #: bytes read from the upload at most (one more, so the engine can refuse a larger file)
    max_upload: int
    options: Callable[..., dict]
    count_rows: Callable[..., int]
    is_big: Callable[[int], bool]
    #: a background job for a big upload: ``start(by=, data=, rows=, **options)``
    start: Callable
    #: the upload checked (and saved unless a dry run) at once: ``run(data, by=, **options)``
    run: Callable
    #: after a run without a file error: a redirect when it is done, else None to show the result again
    finish: Callable


@dataclass(frozen=True)
class Kind:
    #: prefix of the kind's scoping actions and audit codes: ``f"{name}.reveal_pii"``
    name: str
    #: the model, a ``people.models.Person``
    model: type[Model]
    #: how the pages name one of them: 会员, 志愿者
    label: str
    #: URL namespace of its app: its ``list`` and ``detail`` pages are named there
    namespace: str
    #: the person's page, shown again after a disclosure or a refused erasure:
    #: ``page(request, person, *, revealed=…, reveal_form=…, data_form=…, reason_form=…, status=…)``
    page: Callable
    #: every section of the personal-data file but the trail of who looked (``lib.audit`` adds it)
    data_file: Callable[[Model], dict]
    #: the rows a full export writes, as workbook bytes: ``full_workbook(queryset, watermark=lines)``
    full_workbook: Callable[..., bytes]
    #: the rows the list shows and a full export takes, from the request's filter (404 to refuse)
    listed: Callable[..., QuerySet]
    #: how the person is named once their name is gone (the erasure placeholder, the data file's name)
    reference: Callable[[Model], str] = lambda person: str(person.pk)
    #: columns erasure clears besides name, ID and phone, with their empty values
    also_erased: dict = field(default_factory=dict)
    #: what erasure clears outside the person's row (applications, an account …): ``(person, *, placeholder,
    #: old_hash)``
    after_erase: Callable = lambda person, **_: None
    #: related rows the person's page and data file read with the person
    related: tuple = ("org",)
    #: the labels of the person's field history in the data file
    history_labels: dict = field(default_factory=lambda: {"id_number": "身份证号码", "phone": "手机号码",
                                                          "org": "所属组织"})
    #: what the page says after an erasure
    erased_notice: str = "已删除个人信息。"
    #: its Excel import, if it has one
    importer: Importer | None = None

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.related)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Called from the app's ``AppConfig.ready``."""
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    return _KINDS[name]


def of(person) -> Kind:
    return next(kind for kind in _KINDS.values() if isinstance(person, kind.model))
