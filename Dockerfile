# Samenspel: one image for web (gunicorn), Celery worker, Celery beat and migrations.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and HarfBuzz. DejaVu is the fallback for characters the bundled font lacks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. pyproject.toml lists no packages
# of its own, so installing "." installs only the pinned dependencies.
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock .

COPY . .

# Build-only values. The settings start an embedded PostgreSQL and Redis when DATABASE_URL /
# REDIS_URL are unset, so both are set here; neither step connects to them.
# collectstatic runs with DEBUG=false: only then do the settings use WhiteNoise's manifest storage,
# which writes the hashed files and staticfiles.json that production needs.
RUN DEBUG=false \
    SECRET_KEY=build-only \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    sh -c "python manage.py compile_translations && python manage.py collectstatic --noinput"

# Run as a normal user. /data/private is where the private-files volume is mounted; creating it
# here gives a new named volume the right owner.
RUN useradd --create-home --uid 1000 samenspel \
    && mkdir -p /data/private \
    && chown -R samenspel:samenspel /data
ENV DEBUG=false \
    SAMENSPEL_DATA_DIR=/data \
    PRIVATE_MEDIA_ROOT=/data/private
USER samenspel

EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
