# The production image: gunicorn serving Roadmap, static files collected and served by whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.8
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache
COPY . .
# collectstatic needs settings to load; the key is a throwaway used only for this step.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --system --uid 1000 roadmap && mkdir -p /app/media && chown roadmap /app/media
USER roadmap
EXPOSE 8000
ENV DEBUG=0
CMD ["gunicorn", "roadmap.wsgi"]
