"""Who is looking: a logged-in facilitator at /facilitate/<slug> or a share link at /share/<token>.

Every view of the summary is registered twice, once behind the role gate and once
behind a share token, so both audiences get the same pages; ``furl`` builds links
that stay on the side the page was opened from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g, url_for
from flask_babel import gettext as _

from ..auth import roles_required
from ..auth.decorators import has_role
from ..models import Survey
from ..surveys import get_survey
from . import bp
from .share import find_usable_link

VIEW_ROLES = ("facilitator", "researcher")  # admins pass every gate


@dataclass(frozen=True)
class Access:
    survey: Survey
    token: str | None = None  # set when the page was opened through a share link

    @property
    def shared(self) -> bool:
        return self.token is not None

    @property
    def can_edit(self) -> bool:
        from flask_login import current_user

        return not self.shared and has_role(current_user, *VIEW_ROLES)

    @property
    def can_manage_links(self) -> bool:
        from flask_login import current_user

        return not self.shared and has_role(current_user, "researcher")


def current() -> Access:
    return g.facilitator_access  # type: ignore[no-any-return]


def furl(name: str, **values: Any) -> str:
    """URL of facilitator view ``name`` on the same side (account or share link)."""
    access = current()
    if access.shared:
        return url_for(f"facilitator.shared_{name}", token=access.token, **values)
    return url_for(f"facilitator.{name}", slug=access.survey.slug, **values)


def member_survey(slug: str) -> Survey:
    survey = get_survey(slug)
    if survey is None:
        abort(404, _("There is no survey with this address."))
    return survey


def dual_route(rule: str, methods: tuple[str, ...] = ("GET",)) -> Callable[[Callable], Callable]:
    """Register ``view`` at /facilitate/<slug>{rule} (logged in) and /share/<token>{rule}."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        name = view.__name__

        @roles_required(*VIEW_ROLES)
        def member(slug: str, **kwargs: Any) -> Any:
            g.facilitator_access = Access(member_survey(slug))
            return view(**kwargs)

        def shared(token: str, **kwargs: Any) -> Any:
            found = find_usable_link(token)
            if found is None:
                # Unknown, expired and revoked links look the same: nothing to learn here.
                abort(
                    404, _("This link does not work (any more). Ask the organiser for a new one.")
                )
            g.facilitator_access = Access(found[1], token=token)
            return view(**kwargs)

        member.__name__ = f"member_{name}"
        shared.__name__ = f"shared_{name}"
        bp.add_url_rule(f"/facilitate/<slug>{rule}", name, member, methods=list(methods))
        bp.add_url_rule(f"/share/<token>{rule}", f"shared_{name}", shared, methods=list(methods))
        return view

    return decorator


def member_route(rule: str, *roles: str, methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Register ``view`` only at /facilitate/<slug>{rule}, for logged-in ``roles``."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @roles_required(*(roles or VIEW_ROLES))
        def member(slug: str, **kwargs: Any) -> Any:
            g.facilitator_access = Access(member_survey(slug))
            return view(**kwargs)

        member.__name__ = f"member_{view.__name__}"
        bp.add_url_rule(f"/facilitate/<slug>{rule}", view.__name__, member, methods=list(methods))
        return view

    return decorator
