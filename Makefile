# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Python 3.12+ and make are all they need: uv (pinned) is bootstrapped into .tools/, and it installs
# the locked dependencies (uv.lock) into .venv/.

SHELL := /bin/bash
PYTHON := $(shell scripts/find-python)
UV := .tools/bin/uv
VENV_PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: demo test install serve quality audit lint format migrations-check lint-imports clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: .venv/.synced

demo: install
	DEBUG=true $(VENV_PY) manage.py migrate --no-input
	DEBUG=true $(VENV_PY) manage.py load_referentials --with-zoning
	DEBUG=true $(VENV_PY) manage.py create_demo_ca
	DEBUG=true $(VENV_PY) manage.py seed_demo
	DEBUG=true $(VENV_PY) manage.py run_demo 127.0.0.1:8000

serve: install
	DEBUG=true $(VENV_PY) manage.py runserver 127.0.0.1:8000

test: install
	scripts/ensure-system-libs
	scripts/ensure-browser
	scripts/ensure-clamav
	scripts/ensure-redis
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

quality: lint migrations-check lint-imports

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

migrations-check: install
	DEBUG=true $(VENV_PY) manage.py makemigrations --check --dry-run

lint-imports: install
	.venv/bin/lint-imports

clean:
	rm -rf .venv .tools var test-artefacts

# Known vulnerabilities in the locked dependencies (docs/security.md). pip-audit asks a vulnerability
# service over the network: run it where there is one (the deployment pipeline), not in CI. Without an
# answer it says so and fails.
audit: install
	mkdir -p var
	$(UV) export --frozen --no-emit-project --format requirements-txt > var/requirements-audit.txt
	.venv/bin/pip-audit --strict --require-hashes --disable-pip -r var/requirements-audit.txt || { \
	  echo "make audit : pas de réponse exploitable du service de vulnérabilités (réseau absent ?) ou une faille connue ci-dessus ; à lancer dans la chaîne de déploiement (docs/security.md)." >&2; exit 1; }
