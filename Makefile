# AURA — build, test, benchmark, demo. `make help` lists the targets.
SWIFT       ?= swift
PREFIX      ?= /usr/local
CONFIG      ?= debug
BUILD_FLAGS ?=
BIN_DIR      = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path 2>/dev/null)

# Where `make install` puts the manual pages and completions (below $(DESTDIR)$(PREFIX)).
MAN_DIR     = share/man/man1
BASH_DIR    = share/bash-completion/completions
ZSH_DIR     = share/zsh/site-functions
FISH_DIR    = share/fish/vendor_completions.d
# The generate-manual plugin builds in its own scratch directory: linked there with its own
# (dynamic) flags, it leaves the static release build in .build alone. Its output directory
# has one subdirectory per executable target.
MANUAL_BUILD = .build/manual
MANUAL_OUT  = $(MANUAL_BUILD)/plugins/GenerateManual/outputs

.PHONY: help deps build release test fuzz fixtures-update man install uninstall bench demo clean

help:
	@echo "make deps            install missing system packages (apt-get)"
	@echo "make build           debug build"
	@echo "make test            every test: unit, golden fixtures, integration"
	@echo "make fuzz            coverage-guided fuzzing of the front end (libFuzzer, FUZZ_SECONDS=300)"
	@echo "make fixtures-update rewrite diagnostic snapshot files from current output"
	@echo "make man             manual pages (git-aura(1), git-aura-heal(1), aura(1), ...) into .build/man"
	@echo "make install         aura and git-aura in $(PREFIX)/bin, their manual pages and bash/zsh/fish completions"
	@echo "make uninstall       remove everything make install put in $(PREFIX)"
	@echo "make bench           release benchmarks (the build make install installs), with ratios against python3 and lua5.4"
	@echo "make demo            the main job on a temporary repository"

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# The static Swift runtime: see scripts/build-release.sh (startup 11.6 -> 6.8 ms).
release: deps
	SWIFT=$(SWIFT) scripts/build-release.sh $(BUILD_FLAGS) >/dev/null

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	SWIFT=$(SWIFT) scripts/run-tests.sh $(BUILD_FLAGS)

FUZZ_SECONDS ?= 300
fuzz: deps
	SWIFT=$(SWIFT) scripts/fuzz.sh $(FUZZ_SECONDS)

fixtures-update: deps
	AURA_UPDATE_SNAPSHOTS=1 $(SWIFT) test --filter AuraFixtureTests $(BUILD_FLAGS)

# The pages come from the command definitions: swift-argument-parser's generate-manual plugin
# (offline; it builds the release products, which `release` already did), then git's naming.
man: release
	rm -rf $(MANUAL_OUT) .build/man
	$(SWIFT) package --scratch-path $(MANUAL_BUILD) generate-manual --multi-page --configuration release
	scripts/man-pages.sh $(MANUAL_OUT)/git-aura $(MANUAL_OUT)/aura .build/man/man1

# What is installed is the build `make bench` times (scripts/build-release.sh).
install: man release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/$(MAN_DIR)
	install -d $(DESTDIR)$(PREFIX)/$(BASH_DIR) $(DESTDIR)$(PREFIX)/$(ZSH_DIR) $(DESTDIR)$(PREFIX)/$(FISH_DIR)
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/aura" $(DESTDIR)$(PREFIX)/bin/aura
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/git-aura" $(DESTDIR)$(PREFIX)/bin/git-aura
	install -m 644 .build/man/man1/*.1 $(DESTDIR)$(PREFIX)/$(MAN_DIR)
	rm -rf .build/completions
	scripts/completions.sh "$$($(SWIFT) build -c release --show-bin-path)" .build/completions
	install -m 644 .build/completions/bash/aura .build/completions/bash/git-aura $(DESTDIR)$(PREFIX)/$(BASH_DIR)
	install -m 644 .build/completions/zsh/_aura .build/completions/zsh/_git-aura $(DESTDIR)$(PREFIX)/$(ZSH_DIR)
	install -m 644 .build/completions/fish/aura.fish .build/completions/fish/git-aura.fish $(DESTDIR)$(PREFIX)/$(FISH_DIR)
	@echo "installed into $(DESTDIR)$(PREFIX): bin/aura, bin/git-aura, $(MAN_DIR) (man git-aura, man aura), completions"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/aura $(DESTDIR)$(PREFIX)/bin/git-aura
	rm -f $(DESTDIR)$(PREFIX)/$(MAN_DIR)/aura.1 $(DESTDIR)$(PREFIX)/$(MAN_DIR)/aura-*.1
	rm -f $(DESTDIR)$(PREFIX)/$(MAN_DIR)/git-aura.1 $(DESTDIR)$(PREFIX)/$(MAN_DIR)/git-aura-*.1
	rm -f $(DESTDIR)$(PREFIX)/$(BASH_DIR)/aura $(DESTDIR)$(PREFIX)/$(BASH_DIR)/git-aura
	rm -f $(DESTDIR)$(PREFIX)/$(ZSH_DIR)/_aura $(DESTDIR)$(PREFIX)/$(ZSH_DIR)/_git-aura
	rm -f $(DESTDIR)$(PREFIX)/$(FISH_DIR)/aura.fish $(DESTDIR)$(PREFIX)/$(FISH_DIR)/git-aura.fish

bench: release
	scripts/bench.sh

demo: release
	scripts/demo.sh

clean:
	rm -rf .build
