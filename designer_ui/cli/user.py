"""`designer user create USERNAME --role admin`: add a user from the command line (the first
admin of a new installation, or automation); `designer user set-password USERNAME` resets a
password (an admin who can no longer log in). Both apply the same password rule as the API."""

from __future__ import annotations

import secrets
from typing import Any

import click

from designer_ui.models.users import ROLES

TOOL_SETTINGS = {"BOT_CREDENTIALS_KEY_REQUIRED": False}  # a tool, not a server


@click.group("user")
def user_group() -> None:
    """Manage Designer users."""


def _new_password(password: str | None, generate: bool) -> str:
    from designer_ui.security.passwords import password_weakness

    if generate:
        return secrets.token_urlsafe(16)
    if password is None:
        password = str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    problem = password_weakness(password)
    if problem is not None:
        raise click.ClickException(problem)
    return password


def _app() -> Any:
    from designer_ui.app import create_app

    return create_app(TOOL_SETTINGS)


@user_group.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="A role; repeat for several.")
@click.option("--password", help="Default: prompt for one (or generate with --generate).")
@click.option("--generate", is_flag=True, help="Generate a random password and print it.")
@click.option("--display-name", default="", help="The name shown in the editor.")
@click.option("--can-promote-live", is_flag=True, help="May promote flows to live.")
def create_command(username: str, roles: tuple[str, ...], password: str | None, generate: bool,
                   display_name: str, can_promote_live: bool) -> None:
    """Create USERNAME with the given roles (uses DATABASE_URL / DESIGNER_INSTANCE)."""
    from designer_ui.api.users import create_user
    from designer_ui.errors import ApiError
    from designer_ui.extensions import db

    password = _new_password(password, generate)
    app = _app()
    with app.app_context():
        try:
            user = create_user(username, password, list(roles), display_name=display_name,
                               can_promote_live=can_promote_live)
            db.session.commit()
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Created user '{user.username}' ({', '.join(user.roles)}).")
    if generate:
        click.echo(f"Password: {password}")


@user_group.command("set-password")
@click.argument("username")
@click.option("--password", help="Default: prompt for one (or generate with --generate).")
@click.option("--generate", is_flag=True, help="Generate a random password and print it.")
@click.option("--keep-tokens", is_flag=True, help="Keep the user's API tokens (default: delete).")
def set_password_command(username: str, password: str | None, generate: bool,
                         keep_tokens: bool) -> None:
    """Give USERNAME a new password; ends their sessions and, unless kept, API tokens."""
    from designer_ui.errors import ApiError
    from designer_ui.extensions import db
    from designer_ui.models import User
    from designer_ui.security.accounts import change_password

    password = _new_password(password, generate)
    app = _app()
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == username)).scalar()
        if user is None:
            raise click.ClickException(f"There is no user '{username}'.")
        try:
            change_password(user, password, keep_tokens=keep_tokens)
            db.session.commit()
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"New password set for '{username}'"
                   + ("." if keep_tokens else "; their API tokens were deleted."))
    if generate:
        click.echo(f"Password: {password}")
