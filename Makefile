# workforce-impact: `make demo` sets up and prints the recompute of the reference model,
# `make test` sets up and runs every test. Everything installs under this directory.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
CARGO ?= cargo

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.ready: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

.PHONY: venv
venv: $(VENV)/.ready ## create the virtualenv under .venv with the dev requirements

.PHONY: develop
develop: $(VENV)/.ready ## build the Python extension into .venv
	VIRTUAL_ENV=$(abspath $(VENV)) PATH=$(abspath $(VENV))/bin:$$PATH $(VENV)/bin/maturin develop --release --quiet

.PHONY: demo
demo: ## build and print the recompute table of the NML 2023 regioplan with the share of the shortage
	$(CARGO) run --quiet --release -p workforce-impact-cli -- recompute nml-2023

.PHONY: test-rust
test-rust: ## cargo tests (unit, integration, doc)
	$(CARGO) test --workspace --quiet

.PHONY: test-python
test-python: develop ## pytest, including the README quickstart and the notebooks
	$(VPY) -m pytest -q tests

.PHONY: notebooks
notebooks: develop ## execute notebooks/*.ipynb and store them with their outputs (commit the result)
	$(VPY) scripts/notebooks.py

.PHONY: test
test: test-rust test-python ## every test

REPORT_DIR := target/report-check
.PHONY: report-check
report-check: ## write the NML HTML report, render it in headless Chromium, screenshot in target/report-check/
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	@mkdir -p $(REPORT_DIR) && rm -f $(REPORT_DIR)/nml-2023.png
	$(CARGO) run --quiet --release -p workforce-impact-cli -- report nml-2023 --html $(REPORT_DIR)/nml-2023.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,4000 \
	  --screenshot=$(abspath $(REPORT_DIR))/nml-2023.png file://$(abspath $(REPORT_DIR))/nml-2023.html
	@test -s $(REPORT_DIR)/nml-2023.png || { echo "chromium wrote no screenshot" >&2; exit 1; }
	@echo "screenshot: $(REPORT_DIR)/nml-2023.png"

.PHONY: excel-check
excel-check: develop ## LibreOffice Calc recalculates the exported NML book with part_time_factor 0.60 (installs it if absent)
	@command -v soffice >/dev/null || (apt-get update && apt-get install -y libreoffice-calc)
	$(VPY) scripts/excel_check.py

.PHONY: bench
bench: develop ## benchmarks: Rust engine (criterion + ratios) and Python vs numpy/SALib, printed side by side
	$(CARGO) bench -p workforce-impact --bench engine
	$(VPY) -m pip install --quiet "SALib>=1.4"
	$(VPY) benchmarks/bench_python.py

.PHONY: lint
lint: ## cargo fmt --check and clippy -D warnings
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

FUZZ_SECONDS ?= 60
# Long enough to nest past the formula depth bound (128 levels); the model target keeps
# libFuzzer's default, the size of its largest seed (the whole NML model).
FUZZ_MAX_LEN ?= 4096
FUZZ_TARGETS := formula unit model distribution cli_args

.PHONY: fuzz
fuzz: ## cargo-fuzz (nightly) each target FUZZ_SECONDS (60) seconds, then executions and crashes per target
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@$(PYTHON) fuzz/make_corpus.py
	cd fuzz && $(CARGO) +nightly fuzz build
	@cd fuzz && mkdir -p logs && for t in $(FUZZ_TARGETS); do \
	  dict=""; if [ -f dict/$$t.dict ]; then dict="-dict=dict/$$t.dict"; fi; \
	  maxlen="-max_len=$(FUZZ_MAX_LEN)"; if [ $$t = model ]; then maxlen=""; fi; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s (log: fuzz/logs/$$t.log)"; \
	  $(CARGO) +nightly fuzz run $$t corpus/$$t -- $$dict $$maxlen -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 -rss_limit_mb=2048 -timeout=20 > logs/$$t.log 2>&1; \
	  echo $$? > logs/$$t.rc; \
	done; \
	status=0; printf '\n%-14s %12s  %s\n' target executions result; \
	for t in $(FUZZ_TARGETS); do \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' logs/$$t.log | tail -1); \
	  if [ "$$(cat logs/$$t.rc)" = 0 ]; then result="no crash"; else status=1; \
	    result="CRASH $$(sed -n 's/.*Test unit written to //p' logs/$$t.log | tail -1)"; fi; \
	  printf '%-14s %12s  %s\n' $$t "$${execs:-?}" "$$result"; \
	done; \
	echo "saved crashes so far: $$(find artifacts -type f 2>/dev/null | wc -l) under fuzz/artifacts/ (see fuzz/README.md)"; \
	exit $$status

.PHONY: clean
clean: ## remove build products and the virtualenv
	$(CARGO) clean
	rm -rf $(VENV)
