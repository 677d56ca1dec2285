# The two commands a newcomer needs: `make demo` and `make test`.
# Both work on a fresh machine with only the Rust toolchain and python3.

VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint build venv bench docs dist clean

# The pinned emulator (moto + the project's extension) in a local venv.
venv: $(STAMP)
$(STAMP): tests/emulator/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/emulator/requirements.txt
	touch $(STAMP)

# One dev-profile build of the binary and every test target, reused by all tests.
build:
	cargo build --all-targets

# Starts and seeds the emulator, runs the console against it, and stops the
# emulator when the console exits.
demo: venv
	cargo build
	./tests/emulator/demo.sh target/debug/transfer-console

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

# Everything CI runs.
test: venv lint build
	$(PYTHON) -m pytest -q tests/emulator
	cargo test --all-targets

# The S3 browser on 100,000 objects, the console in a terminal (first
# frame, idle cost) and a 30-server inventory, each beside the AWS CLI
# (in a venv of its own, so its pinned botocore cannot disturb the
# emulator's); figures in docs/performance.md.
BENCH_PROFILE ?= dev
# Cargo puts the dev profile in target/debug and the bench profile in target/release.
BENCH_DIR := $(if $(filter dev,$(BENCH_PROFILE)),debug,release)
AWSCLI := .tmp/awscli
bench: venv
	test -x $(AWSCLI)/bin/aws || (python3 -m venv $(AWSCLI) && \
	  $(AWSCLI)/bin/pip install --quiet --disable-pip-version-check awscli)
	cargo bench --profile $(BENCH_PROFILE) --bench objects
	cargo bench --profile $(BENCH_PROFILE) --bench activity
	cargo build --profile $(BENCH_PROFILE) --bin transfer-console
	$(PYTHON) benches/terminal.py target/$(BENCH_DIR)/transfer-console --aws $(AWSCLI)/bin/aws
	$(PYTHON) benches/inventory.py target/$(BENCH_DIR)/transfer-console --aws $(AWSCLI)/bin/aws
	$(PYTHON) benches/sweep.py target/$(BENCH_DIR)/transfer-console --aws $(AWSCLI)/bin/aws

# docs/keys.md from the key tables, and docs/user-guide.md: real captures
# of every pane, made again from the running console (docs/capture.py).
docs: venv
	UPDATE_DOCS=1 cargo test --lib keys_page
	cargo build --bin transfer-console
	$(PYTHON) docs/capture.py target/debug/transfer-console

# The binary for CloudShell and old bastions: optimised, stripped, linked
# against glibc 2.17's symbol versions by cargo-zigbuild (Zig from PyPI, in
# a venv of its own), checked, then packed with its manual page and
# completions. Not part of `make test`: it is a second, full build.
DIST_TOOLS  := .tmp/dist-tools
DIST_TARGET := x86_64-unknown-linux-gnu
DIST_GLIBC  := 2.17
# Where the release build goes (another directory lets it run beside dev builds).
DIST_TARGET_DIR ?= target
VERSION     := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
dist:
	test -x $(DIST_TOOLS)/bin/cargo-zigbuild || (python3 -m venv $(DIST_TOOLS) && \
	  $(DIST_TOOLS)/bin/pip install --quiet --disable-pip-version-check -r scripts/dist-requirements.txt)
	PATH="$(CURDIR)/$(DIST_TOOLS)/bin:$$PATH" cargo zigbuild --release --locked \
	  --target $(DIST_TARGET).$(DIST_GLIBC) --target-dir $(DIST_TARGET_DIR) --bin transfer-console
	scripts/check-dist.sh $(DIST_TARGET_DIR)/$(DIST_TARGET)/release/transfer-console $(DIST_GLIBC) 25
	scripts/dist.sh $(DIST_TARGET_DIR)/$(DIST_TARGET)/release/transfer-console $(VERSION) $(DIST_TARGET)

clean:
	rm -rf $(VENV) target dist
