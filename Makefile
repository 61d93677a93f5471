# AURA — build, test, benchmark, demo. `make help` lists the targets.
SWIFT       ?= swift
PREFIX      ?= /usr/local
CONFIG      ?= debug
BUILD_FLAGS ?=
BIN_DIR      = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path 2>/dev/null)

.PHONY: help deps build release test fuzz fixtures-update install uninstall bench demo clean

help:
	@echo "make deps            install missing system packages (apt-get)"
	@echo "make build           debug build"
	@echo "make test            every test: unit, golden fixtures, integration"
	@echo "make fuzz            coverage-guided fuzzing of the front end (libFuzzer, FUZZ_SECONDS=300)"
	@echo "make fixtures-update rewrite diagnostic snapshot files from current output"
	@echo "make install         put aura and git-aura on PATH ($(PREFIX)/bin)"
	@echo "make bench           release benchmarks with ratios against python3 and lua5.4"
	@echo "make demo            the main job on a temporary repository"

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	SWIFT=$(SWIFT) scripts/run-tests.sh $(BUILD_FLAGS)

FUZZ_SECONDS ?= 300
fuzz: deps
	SWIFT=$(SWIFT) scripts/fuzz.sh $(FUZZ_SECONDS)

fixtures-update: deps
	AURA_UPDATE_SNAPSHOTS=1 $(SWIFT) test --filter AuraFixtureTests $(BUILD_FLAGS)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/aura" $(DESTDIR)$(PREFIX)/bin/aura
	@if [ -x "$$($(SWIFT) build -c release --show-bin-path)/git-aura" ]; then \
		install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/git-aura" $(DESTDIR)$(PREFIX)/bin/git-aura; fi
	@echo "installed into $(DESTDIR)$(PREFIX)/bin"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/aura $(DESTDIR)$(PREFIX)/bin/git-aura

bench: release
	scripts/bench.sh

demo: release
	scripts/demo.sh

clean:
	rm -rf .build
