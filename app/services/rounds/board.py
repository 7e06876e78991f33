"""报送进度 as the console shows it: a round's progress under an archive, and the missing list with whom to call.

The counts and the missing list are the API's (app.services.rounds.progress), in the tree of
31 December of the round's year, each archive named today with its name then beside it when that
differs (`name_in_year`); beside each missing archive stand the people of that archive who left
a phone number (their accounts)."""

from dataclasses import dataclass

from sqlmodel import Session

from app.domain.clock import RoundClock
from app.models.round import MissingArchive, Round, RoundProgress
from app.services.hierarchy import load_hierarchy
from app.services.rounds import progress as round_progress
from app.services.rounds.standings import load_round_view
from app.services.users import contacts_of


@dataclass(frozen=True)
class Contact:
    """Whom to call about an archive's report."""

    name: str
    phone: str


@dataclass(frozen=True)
class MissingWithContacts:
    """An archive that has not reported, the archives above it, and its people."""

    archive: MissingArchive
    contacts: list[Contact]


@dataclass(frozen=True)
class RoundBoard:
    """One round's page: the round, its progress under `under`, and the missing archives there."""

    round: Round
    progress: RoundProgress
    missing: list[MissingWithContacts]


def round_board(session: Session, found: Round, under: str | None, clock: RoundClock) -> RoundBoard:
    """The round's progress under `under` (default: the round's own) and its missing list, with contacts."""
    today = load_hierarchy(session).by_code  # kept in a read session: no query (app.services.kept)
    scope = round_progress.scoped(load_round_view(session, found), under, clock.now, clock.zone, today)
    missing = round_progress.missing(scope)
    people = contacts_of(session, [row.code for row in missing])
    rows = [
        MissingWithContacts(row, [Contact(user.display_name, user.phone or "") for user in people.get(row.code, [])])
        for row in missing
    ]
    return RoundBoard(found, round_progress.progress(scope), rows)
