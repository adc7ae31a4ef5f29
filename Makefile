# trainskill — build, test, train, benchmark.  `make help` lists the targets.
#
#   make            the library (lib/libtrainskill.a) and every program
#   make test       the Check suites (gradient checks, PyTorch parity, bad input, determinism, end to end)
#   make test SAN=1 the same under AddressSanitizer + UBSan (separate build directory)
#   make DEBUG=1    -O0 -g build
#   WERROR=1        turns warnings into errors (CI)

CC      ?= gcc
PKGS    := openblas zlib
# pkg-config runs when a recipe first needs its answer, not when this file is read: on a
# fresh machine the ensure-*-deps targets install the packages first (every compile and link
# has them as order-only prerequisites). `X = $(eval X := ...)$(X)` caches the answer.
PKG_CFLAGS  = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS    = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null))$(PKG_LIBS)
TEST_LDLIBS = $(eval TEST_LDLIBS := $(shell pkg-config --libs check 2>/dev/null))$(TEST_LDLIBS)
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -pthread -Wall -Wextra -Wshadow -Wno-unused-parameter -fopenmp
LDLIBS  = $(PKG_LIBS) -lm -fopenmp -pthread $(SAN_LDFLAGS)

ifeq ($(SAN),1)
  CONFIG := san
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  SAN_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(DEBUG),1)
  CONFIG := debug
  OPT := -O0 -g
else
  CONFIG := release
  OPT := -O3 -march=native -g
endif
ifeq ($(WERROR),1)
  OPT += -Werror
endif
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) $(OPT) -DTS_VERSION='"$(VERSION)"'

# BUILD=dir puts every output of this configuration elsewhere (parallel builds of one tree).
BUILD ?= build/$(CONFIG)
LIB   := $(if $(filter build/release,$(BUILD)),lib/libtrainskill.a,$(BUILD)/libtrainskill.a)

LIB_SRC   := $(sort $(wildcard lib/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
PROGRAMS  := $(patsubst experiments/%.c,$(BUILD)/bin/%,$(wildcard experiments/*.c)) \
             $(patsubst lessons/%.c,$(BUILD)/bin/%,$(wildcard lessons/*.c))
TEST_SRC  := $(sort $(wildcard tests/*.c))
TEST_BIN  := $(BUILD)/bin/run-tests

# Debian packages: what building, testing and running lessons need.
DEPS_BUILD  := libopenblas-dev zlib1g-dev pkg-config
DEPS_TEST   := check
DEPS_RUN    := gnuplot-nox dataset-fashion-mnist
DATA_DIR    ?= /usr/share/datasets/fashion-mnist
THREADS     ?= 2

LESSONS     := $(patsubst lessons/%.c,%,$(wildcard lessons/lesson-*.c))
LESSON_NUMS := $(foreach l,$(LESSONS),$(word 2,$(subst -, ,$(l))))

.PHONY: all deps test train bench fixtures results results-index clean help ensure-build-deps ensure-test-deps ensure-run-deps \
        $(addprefix lesson-,$(LESSON_NUMS))
.DEFAULT_GOAL := all

all: ensure-build-deps $(LIB) $(PROGRAMS)

## help: list the targets
help:
	@echo "trainskill targets:"
	@echo "  make              build lib/libtrainskill.a and every program (build/<config>/bin/)"
	@echo "  make deps         install the Debian packages ($(DEPS_BUILD) $(DEPS_TEST) $(DEPS_RUN))"
	@echo "  make test         run the test suites (SAN=1: under AddressSanitizer + UBSan)"
	@echo "  make train        train the seed's CNN (with BN) on Fashion-MNIST: ARGS='--epochs 3 ...'"
	@echo "  make lesson-N     run lesson N (quick preset, ~3 min): $(LESSONS)"
	@echo "                    ARGS='--preset smoke|quick|full --seeds 3 --fresh ...'; outputs in build/results/lesson-N"
	@echo "                    ARGS=--pause: classroom mode, waits for Enter before and after each part"
	@echo "                    ARGS='--preset full --out results/lesson-N --pause': replays the committed runs"
	@echo "  make results      every lesson with the full preset into results/ (what is committed)"
	@echo "  make results-index  rebuild results/README.md from the lessons in results/"
	@echo "  make bench        training throughput vs OpenBLAS sgemm peak and vs PyTorch (if installed)"
	@echo "  make fixtures     regenerate tests/fixtures/ with PyTorch (needs python3-torch; not needed by CI)"
	@echo "  make clean        remove build outputs"
	@echo "Options: SAN=1 DEBUG=1 WERROR=1 THREADS=$(THREADS) DATA_DIR=$(DATA_DIR)"

# Installs missing packages with apt-get (sudo when not root). The ensure-* targets
# call it only when something is missing, so a fresh machine needs no manual step.
deps:
	@./.ci/install-deps $(DEPS_BUILD) $(DEPS_TEST) $(DEPS_RUN)
ensure-build-deps:
	@./.ci/install-deps --if-missing $(DEPS_BUILD)
ensure-run-deps: ensure-build-deps
	@./.ci/install-deps --if-missing $(DEPS_RUN)
# the tests run every lesson (data, charts), so they need what running needs; chained, so
# that `make -j` never starts two apt-get at once
ensure-test-deps: ensure-run-deps
	@./.ci/install-deps --if-missing $(DEPS_TEST)

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c | ensure-build-deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bin/%: experiments/%.c $(LIB) | ensure-build-deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -MF $(BUILD)/$*.d $< $(LIB) $(LDLIBS) -o $@

$(BUILD)/bin/%: lessons/%.c $(LIB) | ensure-build-deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -MF $(BUILD)/$*.d $< $(LIB) $(LDLIBS) -o $@

$(TEST_BIN): $(TEST_SRC) $(LIB) $(wildcard tests/*.h) | ensure-test-deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_SRC) $(LIB) $(TEST_LDLIBS) $(LDLIBS) -o $@

## test: lib/'s layering (no folder includes one above it), then every suite; CK_FORK=yes turns a
## crash into a failed test
test: ensure-test-deps $(LIB) $(TEST_BIN) $(PROGRAMS)
	./tests/layering.sh
	cd tests && CK_FORK=yes OMP_NUM_THREADS=$(THREADS) OPENBLAS_NUM_THREADS=$(THREADS) \
	  TRAINSKILL_DATA=$(DATA_DIR) TRAINSKILL_BIN=$(abspath $(BUILD)/bin) $(abspath $(TEST_BIN))

train: ensure-run-deps all
	$(BUILD)/bin/train --data $(DATA_DIR) --threads $(THREADS) $(ARGS)

bench: ensure-run-deps all
	$(BUILD)/bin/bench --data $(DATA_DIR) --threads $(THREADS) $(ARGS)

# lesson-N runs lessons/lesson-N-*.c
$(addprefix lesson-,$(LESSON_NUMS)): lesson-%: ensure-run-deps all
	$(BUILD)/bin/$(filter lesson-$*-%,$(LESSONS)) --data $(DATA_DIR) --threads $(THREADS) $(ARGS)

# every lesson with the full preset, then results/README.md from each lesson's KEY.md
results: ensure-run-deps all
	@for l in $(LESSONS); do n=$$(echo $$l | cut -d- -f2); \
	  echo "== $$l (full preset) -> results/lesson-$$n"; \
	  $(BUILD)/bin/$$l --preset full --out results/lesson-$$n --data $(DATA_DIR) --threads $(THREADS) --quiet $(ARGS) || exit 1; \
	done
	@$(MAKE) -s results-index

# results/README.md from the KEY.md of every lesson in results/ (links made relative to results/);
# under each heading, the seeds per variant and the training time, read from runs.csv, and the
# machine: config's machine line up to its first ';' (CPU; the OpenBLAS core and threads follow)
export RUNS_LINE := { print } /^\#\# / { \
  while ((getline line < runs) > 0) { split(line, f, ","); if (f[3] ~ /^[0-9]+$$/ && f[3] + 0 > n[f[1] "," f[2]]) n[f[1] "," f[2]] = f[3]; \
                                      if (f[7] == "seconds") train += f[8]; if (f[7] == "wall_seconds") wall += f[8] } \
  lo = 1e9; hi = 0; for (k in n) { lo = n[k] < lo ? n[k] : lo; hi = n[k] > hi ? n[k] : hi } \
  printf "\n%s seeds per variant; %.0f min %s on %s.\n", lo == hi ? lo : lo "–" hi, (wall ? wall : train) / 60, \
         wall ? "of runs (wall clock)" : "of training (evaluations not timed in these records)", machine }
results-index:
	@{ echo "# Results"; echo; \
	   echo "Committed outputs of \`make results\` (full preset). Each lesson's REPORT.md has the setup, tables,"; \
	   echo "all charts and the verdicts, which the lesson program computes from its measurements."; echo; \
	   for k in results/lesson-*/KEY.md; do d=$$(dirname $$k); \
	     sed -e "s|](\([^)]*\.png\))|]($${d#results/}/\1)|" -e "s|^## \(.*\)|## [\1]($${d#results/}/REPORT.md)|" $$k \
	       | awk -v runs=$$d/runs.csv -v machine="$$(sed -n 's/^machine \([^;]*\).*/\1/p' $$d/config)" "$$RUNS_LINE"; echo; \
	   done; } > results/README.md
	@echo "wrote results/README.md"

fixtures:
	/usr/bin/python3 experiments/make_fixtures.py tests/fixtures

clean:
	rm -rf build lib/libtrainskill.a

-include $(LIB_OBJ:.o=.d) $(wildcard $(BUILD)/*.d)
