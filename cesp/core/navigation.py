"""Entries of the home pages and of the main menu, contributed by each app.

Apps register in AppConfig.ready(); the web floor shows the entries whose roles match the request's
scope. So the core never imports an app, and an app adds its work queues without touching the pages.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    roles: frozenset[str]
    title: str
    url_name: str
    description: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_TILES: list[Entry] = []
_MENU: list[Entry] = []


def register_tile(*, roles, title: str, url_name: str, description: str = "", order: int = 100) -> None:
    entry = Entry(frozenset(roles), title, url_name, description, order)
    if entry not in _TILES:
        _TILES.append(entry)


def register_menu(*, roles, title: str, url_name: str, order: int = 100) -> None:
    entry = Entry(frozenset(roles), title, url_name, "", order)
    if entry not in _MENU:
        _MENU.append(entry)


def tiles_for(role: str | None) -> list[Entry]:
    return sorted((e for e in _TILES if role in e.roles), key=lambda e: (e.order, e.title))


def menu_for(role: str | None) -> list[Entry]:
    return sorted((e for e in _MENU if role in e.roles), key=lambda e: (e.order, e.title))
