"""The baseline: a minimal FastAPI + SQLModel app, served like Lantai, on the same database.

One row read by key through a session dependency, and one validated insert;
nothing else (no token, no middleware, no retry). The benchmark measures it in
the same run as Lantai and reports Lantai's rates as ratios to it.

    BASELINE_DATABASE_URL=sqlite:///... uvicorn bench.baseline_app:app --workers 2
"""

import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import Engine
from sqlmodel import Field, Session, SQLModel, create_engine

ROWS = 1_000


class BaselineRowBase(SQLModel):
    key: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    value: int = Field(ge=0)


class BaselineRow(BaselineRowBase, table=True):
    __tablename__ = "bench_baseline_row"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
    return create_engine(url, pool_size=10, max_overflow=20)


def prepare(url: str) -> None:
    """Create the table and its rows (run once, before the servers start)."""
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine, tables=[BaselineRow.__table__])  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.add_all(BaselineRow(key=f"row-{n}", name=f"row {n}", value=n) for n in range(ROWS))
        session.commit()
    engine.dispose()


engine = make_engine(os.environ.get("BASELINE_DATABASE_URL", "sqlite:///./baseline.db"))
app = FastAPI()


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/rows/{key}")
def read_row(key: str, session: SessionDep) -> BaselineRowBase:
    row = session.get(BaselineRow, key)
    if row is None:
        raise HTTPException(404)
    return row


@app.post("/rows", status_code=201)
def create_row(body: BaselineRowBase, session: SessionDep) -> BaselineRowBase:
    row = BaselineRow.model_validate(body)
    session.add(row)
    session.commit()
    return body
