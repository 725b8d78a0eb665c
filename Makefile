# cfn-lsp developer tasks. `make test` is what CI runs (.ci/run).
GO        ?= go
BIN       ?= bin/cfn-lsp
CFNLINT_DIR := $(shell python3 -c 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))' 2>/dev/null)
BOTOCORE_DIR := $(shell python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__))' 2>/dev/null)
FUZZTIME  ?= 30s

.PHONY: all build install test test-go test-editors vet bench fuzz compare compare-nag spec popularity vscode vscode-all release clean

all: build

# cfn-lsp-graphviz draws SVG graphs (cfn-lsp graph, the editors' graph view);
# it is installed beside cfn-lsp, which runs it.
build:
	$(GO) build -o $(BIN) ./cmd/cfn-lsp
	$(GO) build -o $(dir $(BIN))cfn-lsp-graphviz ./cmd/cfn-lsp-graphviz

install:
	$(GO) install ./cmd/cfn-lsp ./cmd/cfn-lsp-graphviz

# staticcheck at a pinned version, through go run rather than a tool
# dependency in go.mod: as a tool dependency it would raise golang.org/x/sys
# and golang.org/x/tools in the build of cfn-lsp itself.
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

vet:
	$(GO) vet ./...
	$(STATICCHECK) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)

# The whole test suite: vet, Go tests (the server under the race detector), a
# short fuzz pass, and the editor clients' tests.
test: vet test-go fuzz-short test-editors

test-go:
	$(GO) test ./...
	$(GO) test -race -short ./server/... ./internal/template/...

# npm ci only when the lockfile changed since the last install.
editors/%/node_modules/.installed: editors/%/package-lock.json
	cd editors/$* && npm ci --no-audit --no-fund
	touch $@

# The VS Code extension's tests and its .vsix, the Pulsar package's load test.
# (The Neovim end-to-end test is a Go test: editors/neovim.)
test-editors: vscode editors/atom/node_modules/.installed
	cd editors/atom && npm test

# Release builds: static (no cgo), stripped, without local paths, named after
# the version (git describe).
VERSION        ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
RELEASE_FLAGS  := -trimpath -ldflags "-s -w -X main.version=$(VERSION)"
# The platforms of the release binaries and of the VS Code packages (vsce's
# target names; GOOS/GOARCH derive from them).
VSCODE_TARGETS := linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64
HOST_TARGET    := $(subst windows,win32,$(shell $(GO) env GOOS))-$(subst amd64,x64,$(shell $(GO) env GOARCH))

# vscode-package TARGET OUT: the .vsix of one platform, with that platform's
# server in bin/.
define vscode-package
	set -e; t=$(1); os=$${t%-*}; arch=$${t#*-}; \
	goos=$$os; [ $$os = win32 ] && goos=windows; \
	goarch=$$arch; [ $$arch = x64 ] && goarch=amd64; \
	exe=cfn-lsp; [ $$goos = windows ] && exe=cfn-lsp.exe; \
	rm -rf editors/vscode/bin && mkdir -p editors/vscode/bin; \
	CGO_ENABLED=0 GOOS=$$goos GOARCH=$$goarch $(GO) build $(RELEASE_FLAGS) -o editors/vscode/bin/$$exe ./cmd/cfn-lsp; \
	CGO_ENABLED=0 GOOS=$$goos GOARCH=$$goarch $(GO) build $(RELEASE_FLAGS) -o editors/vscode/bin/$${exe%cfn-lsp*}cfn-lsp-graphviz$${exe#cfn-lsp} ./cmd/cfn-lsp-graphviz; \
	(cd editors/vscode && npx vsce package --target $$t --out $(2) </dev/null >/dev/null); \
	unzip -l $(2) | grep -q "extension/bin/$$exe" || { echo "$(2) lacks bin/$$exe"; exit 1; }; \
	unzip -p $(2) extension.vsixmanifest | grep -q "TargetPlatform=\"$$t\"" || { echo "$(2) is not for $$t"; exit 1; }
endef

# The VS Code extension's tests (against the host's server) and its .vsix for
# this machine's platform; `make vscode-all` packages every platform.
vscode: editors/vscode/node_modules/.installed
	CGO_ENABLED=0 $(GO) build $(RELEASE_FLAGS) -o editors/vscode/bin/cfn-lsp ./cmd/cfn-lsp
	CGO_ENABLED=0 $(GO) build $(RELEASE_FLAGS) -o editors/vscode/bin/cfn-lsp-graphviz ./cmd/cfn-lsp-graphviz
	cd editors/vscode && CFN_LSP_BIN=$(CURDIR)/editors/vscode/bin/cfn-lsp npm test
	@$(call vscode-package,$(HOST_TARGET),$(CURDIR)/editors/vscode/cfn-lsp.vsix)

vscode-all: editors/vscode/node_modules/.installed
	@mkdir -p dist
	@for t in $(VSCODE_TARGETS); do \
		echo "vscode: dist/cfn-lsp-$$t.vsix"; \
		$(call vscode-package,$$t,$(CURDIR)/dist/cfn-lsp-$$t.vsix) || exit 1; \
	done
	@rm -rf editors/vscode/bin

# The release: a static, stripped binary per platform, and the VS Code
# packages, in dist/.
release: vscode-all
	@set -e; for t in $(VSCODE_TARGETS); do \
		os=$${t%-*}; arch=$${t#*-}; goos=$$os; [ $$os = win32 ] && goos=windows; \
		goarch=$$arch; [ $$arch = x64 ] && goarch=amd64; exe=; [ $$goos = windows ] && exe=.exe; \
		out=dist/cfn-lsp-$(VERSION)-$$goos-$$goarch$$exe; echo "release: $$out"; \
		CGO_ENABLED=0 GOOS=$$goos GOARCH=$$goarch $(GO) build $(RELEASE_FLAGS) -o $$out ./cmd/cfn-lsp; \
		CGO_ENABLED=0 GOOS=$$goos GOARCH=$$goarch $(GO) build $(RELEASE_FLAGS) -o dist/cfn-lsp-graphviz-$(VERSION)-$$goos-$$goarch$$exe ./cmd/cfn-lsp-graphviz; \
	done
	cd dist && sha256sum cfn-lsp-* > SHA256SUMS

# Go benchmarks, then the end-to-end driver against the built binary (with
# cfn-lint timings when cfn-lint is installed). BENCH_FLAGS= skips cfn-lint.
BENCH_N      ?= 200
BENCH_CORPUS ?= ../shared/corpus
BENCH_FLAGS  ?= $(if $(shell command -v cfn-lint 2>/dev/null),-cfn-lint) $(if $(wildcard $(BENCH_CORPUS)),-corpus $(BENCH_CORPUS))

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/... ./schema/... ./server/
	$(GO) build -o bin/cfn-bench ./cmd/cfn-bench
	bin/cfn-bench -server $(BIN) -n $(BENCH_N) $(BENCH_FLAGS)

FUZZ_TARGETS := FuzzParse:./internal/template FuzzFastParse:./internal/template FuzzReparse:./internal/template \
	FuzzAnalyze:./internal/analysis FuzzComplete:./internal/completion FuzzHover:./internal/hover \
	FuzzConvert:./internal/convert FuzzDefinitionRename:./internal/navigation FuzzActions:./internal/quickfix \
	FuzzPreview:./internal/stack FuzzPermissions:./internal/permissions FuzzRequests:./server

# Each fuzz target in turn for FUZZTIME (a duration, or a count of inputs: 500x);
# one worker leaves the other core free. A duration can fail a run that found
# nothing, with a bare "context deadline exceeded" and no failing input written:
# a race in Go's fuzz coordinator (golang/go#75804, fixed in Go 1.27).
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) -parallel 1 $${t#*:}; \
	done

# CI's short pass: a count of inputs per target (the seeds' baseline included),
# never a time, so that neither a busy machine nor that race can fail it.
FUZZ_SHORT ?= 2000x
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZ_SHORT)

# cfn-lsp vs cfn-lint per rule id over DIR (default testdata/), or over the
# templates of a file of cfn-lint's parseable output (RESULTS=/work/eval/results/X.cfnlint.txt).
# MUTATE=1 injects one reference mistake per template; V=1 lists the disagreements.
DIR ?= testdata
RESULTS ?=
compare:
	$(GO) run ./cmd/cfn-compare $(if $(MUTATE),-mutate) $(if $(V),-v) $(if $(RESULTS),-lint-results $(RESULTS),$(DIR))

# Agreement with cfn_nag's own test expectations (needs a checkout of
# stelligent/cfn_nag at the commit named in the cases file).
NAG   ?=
CASES ?= ../shared/eval/cfn_nag_cases.json
compare-nag:
	@test -n "$(NAG)" || (echo "usage: make compare-nag NAG=/path/to/cfn_nag (stelligent/cfn_nag at the commit in $(CASES))"; exit 2)
	$(GO) run ./cmd/cfn-nag-compare -nag $(NAG) -cases $(CASES) $(if $(V),-v)

# The facts file from the installed cfn-lint and botocore, and the handlers'
# permissions from the whole registry schemas in rain's module (cfn-lint
# ships its schemas without them), fetched by the module proxy at a pinned
# version (outside this module: rain is no dependency of cfn-lsp). SPEC_OUT
# writes it elsewhere (schema/gen's TestGenerated compares that with the
# committed one).
SPEC_OUT ?= schema/data/spec.json.gz
RAIN_MODULE := github.com/aws-cloudformation/rain@v1.24.4
RAIN_DIR = $(shell cd / && $(GO) mod download -json $(RAIN_MODULE) | sed -n 's/^\t"Dir": "\(.*\)",$$/\1/p')
spec:
	@test -n "$(RAIN_DIR)" || (echo "spec: cannot download $(RAIN_MODULE)"; exit 1)
	$(GO) run ./schema/gen -cfnlint "$(CFNLINT_DIR)/data/schemas/resources" -runtimes "$(CFNLINT_DIR)/data/AdditionalSpecs/LmbdRuntimeLifecycle.json" \
		-policies "$(CFNLINT_DIR)/data/AdditionalSpecs/Policies.json" -botocore "$(BOTOCORE_DIR)/data" \
		-handlers "$(RAIN_DIR)/internal/aws/cfn/schemas" -o $(SPEC_OUT)

# The completion ranking's table of how often each resource type and property
# is used, counted over a corpus of real templates.
CORPUS ?= ../shared/corpus
popularity:
	$(GO) run ./internal/completion/popgen -corpus $(CORPUS) -o internal/completion/popularity.go

clean:
	rm -rf bin dist
