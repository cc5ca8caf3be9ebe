"""``flask user``: accounts for researchers, facilitators and admins."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..auth import ROLES


@click.group("user", help="Accounts of researchers, facilitators and admins.")
def user_cli() -> None:
    pass


@user_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking.",
)
@with_appcontext
def create(email: str, role: str, password_stdin: bool) -> None:
    """Create an account for EMAIL; the password is asked twice unless given on stdin."""
    from .. import audit
    from ..auth.accounts import create_user, find_user
    from ..auth.passwords import password_problem

    if find_user(email) is not None:
        raise click.ClickException(f"An account for '{email.strip().lower()}' already exists.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        # Naming the second prompt makes plain that the same password is wanted again.
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt="Repeat the password"
        )
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    try:
        user = create_user(email, role, password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    audit.record("cli", "user.create", user.email, f"role={role}")
    click.echo(f"Created {role} account {user.email}.")
