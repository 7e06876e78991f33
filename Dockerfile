# The Lantai API image: a slim Python base, dependencies built in a first stage,
# run as a non-root user. `docker compose up` uses it for `migrate` and `api`.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /srv/lantai
RUN python -m venv /opt/venv
COPY pyproject.toml README.md alembic.ini ./
COPY app/ app/
COPY migrations/ migrations/
COPY seed/ seed/
RUN /opt/venv/bin/pip install --no-cache-dir -e .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --system --create-home --uid 10001 lantai
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv/lantai /srv/lantai
WORKDIR /srv/lantai
USER lantai
EXPOSE 8000
CMD ["lantai", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
