# The one image for web (gunicorn), worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

RUN useradd --create-home --uid 10001 app
# Pango for WeasyPrint's PDFs, espeak-ng for audio and liblouis for Braille consent information.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core espeak-ng liblouis-bin \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files are collected at build time; the secret is a placeholder used only for this step.
RUN DEBUG=false SECRET_KEY=build-only-placeholder-key-not-used-at-runtime-0123456789 \
    python manage.py collectstatic --noinput

USER app
EXPOSE 8000
CMD ["gunicorn", "t4c_socialcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket"]
