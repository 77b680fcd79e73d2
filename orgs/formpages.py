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


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the field it names, or on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


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
