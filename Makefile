# Qanun: every set-up step is here, and CI calls the same targets.
SHELL := /bin/bash
PY := .venv/bin/python
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# A developer's machine: debug pages and the development secret key (production sets DEBUG=false, SECRET_KEY).
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: install system-packages run worker web demo test test-all lint format bench screenshots clean

install: system-packages .venv/.installed

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python python3
	@touch $@

# Debian packages the product and its tests use: chromium for the browser tests, poppler for comparing
# extractors and rendering pages, Tesseract with Arabic and English for OCR, LibreOffice Writer with an Arabic
# font (DejaVu Sans) to render the ground truth to DOCX and PDF. Installed only when missing, and only where we
# may (root); otherwise the tests that need them say so and skip (outside CI).
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	fc-list "DejaVu Sans:lang=ar" family 2>/dev/null | grep -q . || missing="$$missing fonts-dejavu-core"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	for lang in ara eng; do \
	  ls /usr/share/tesseract-ocr/*/tessdata/$$lang.traineddata >/dev/null 2>&1 || missing="$$missing tesseract-ocr-$$lang"; \
	done; \
	python3 -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)"; fi; \
	fi

# One command: install, migrate, load the demo corpus, then the web app and a real Celery worker.
run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py demo_corpus
	@echo ""; echo "Qanun is starting at http://$(HOST):$(PORT)/admin/ (Ctrl-C stops the web app and the worker)"; echo ""
	@trap 'kill 0' EXIT INT TERM; \
	$(RUN_ENV) $(PY) -m celery -A workers worker --loglevel=INFO --concurrency=2 & \
	$(RUN_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

worker: install
	$(RUN_ENV) $(PY) -m celery -A workers worker --loglevel=INFO

demo: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py demo_corpus

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Style, the layers (import-linter: no import up a layer, no circle across apps, no other app's views), types
# (mypy with django-stubs on the text package, search, services, selectors and tasks), and no model change
# without its migration.
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports
	QANUN_VAR_DIR=var/lint $(PY) -m mypy
	QANUN_VAR_DIR=var/lint $(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/segmentation.py
	$(PY) bench/extractors.py
	$(PY) bench/suggest.py
	$(PY) bench/search.py
	$(PY) bench/pages.py

# Full-page PNGs of the public site (home, a law, a proposal; English and Arabic; desktop and phone) taken from a
# temporary database with the demo corpus, into var/screenshots/.
screenshots: install
	$(PY) manage.py screenshots

# Removes what install and the tests made; the database, uploads and admin password in var/ stay.
clean:
	rm -rf .venv var/tools var/test
