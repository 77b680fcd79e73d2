"""The one shape of the portal's form pages, kept in one place.

A valid POST runs a service (which checks permissions and rules and writes, atomically); a
``ValidationError`` it raises is shown next to the field it names and the form is shown again, with
nothing saved; success is a message and a redirect::

    done = submitted(request, form, partial(services.update_volunteer, volunteer, by=request.user),
                     success="已保存。", then=reverse("volunteers:detail", args=[volunteer.pk]))
    return done or render(request, "volunteers/form.html", {"form": form, ...})

A button without a form (退会, 撤回, 审核) is ``acted``: the service's refusal becomes an error
message on the page it returns to.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect


def add_errors(form, exc: ValidationError, field: str | None = None) -> None:
    """Put a service's ValidationError next to the field it names, or else next to ``field`` (None:
    on the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, exc)


def submitted(request, form, service: Callable[..., Any], *, then: str | Callable[[Any], str],
              success: str | Callable[[Any], str] = "") -> HttpResponse | None:
    """On a valid POST, ``service(**form.cleaned_data)``, then the ``success`` message (text, or
    made from the service's result) and a redirect to ``then`` (a URL, or made from the result).
    None when the form is to be shown: a GET, errors in the form, or the service's refusal."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service(**form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result) if callable(then) else then)


def disclosed(form, action: Callable[..., Any]) -> tuple[Any, int]:
    """A POST that shows or hands out whole personal data (显示完整信息, the personal-data file):
    ``action(reason=…)`` with the reason the form carries. Returns (its result, 200), or (None, the
    status of the refusal) with the refusal next to the form: 400 for a missing reason, 429 for the
    hourly limit (``lib.audit.disclose``). The action checks permission first, so a role that may
    not is a 403 whatever it posted."""
    from lib.audit import DisclosureLimitReached

    try:
        return action(reason=form.data.get("reason", "")), 200
    except DisclosureLimitReached as exc:
        form.add_error(None, str(exc))
        return None, 429
    except ValidationError as exc:
        if form.is_valid():  # the form's own errors say it already
            add_errors(form, exc)
        return None, 400


def acted(request, action: Callable[[], Any], *, success: str, then: str) -> HttpResponse:
    """A button's POST: ``action()``, then ``success`` as a message, or the service's refusal
    (its ValidationError) as an error message; either way back to ``then``."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(then)
