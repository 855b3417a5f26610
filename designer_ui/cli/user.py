"""`designer user create USERNAME --role admin`: add a user from the command line (the first
admin of a new installation, or automation)."""

from __future__ import annotations

import secrets

import click

from designer_ui.models.users import ROLES


@click.group("user")
def user_group() -> None:
    """Manage Designer users."""


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
    from designer_ui.app import create_app
    from designer_ui.errors import ApiError
    from designer_ui.extensions import db

    if generate:
        password = secrets.token_urlsafe(12)
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    assert password is not None
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    app = create_app()
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
