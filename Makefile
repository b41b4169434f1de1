# SPDX-License-Identifier: GPL-2.0-only
#
# ringcheck: `make` builds everything under build/, `make check` runs every
# test that exists. Variants (sanitizers, coverage) build the same sources
# under build/<variant>/ with extra flags.

CC		?= cc
O		?= build
PREFIX		?= /usr/local
EXTRA_CFLAGS	?=
EXTRA_LDFLAGS	?=
RINGCHECK_CACHE	?= $(HOME)/.cache/ringcheck

CFLAGS		:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		   -fPIC -D_GNU_SOURCE -Ifake_ring -Ireader -Ireader/include \
		   -Iengine -Icli -Ikernel_ring \
		   -DRINGCHECK_FIXTURES='"$(abspath fixtures/kernel)"' $(EXTRA_CFLAGS)
LDFLAGS		:= $(EXTRA_LDFLAGS)

FAKE_RING_SRC	:= fake_ring/fake_ring.c fake_ring/ledger.c \
		   fake_ring/fake_ring_show.c fake_ring/ring_image.c
# What ringcheck capture needs of the kernel tests, and the reference
# reader they read through.
CAPTURE_SRC	:= kernel_ring/capture.c kernel_ring/kring.c \
		   reader/reference_plugin.c
READER_SRC	:= reader/ring_reader.c
ENGINE_SRC	:= $(sort $(wildcard engine/*.c))
CLI_SRC		:= $(sort $(wildcard cli/*.c))
SIM_TEST_SRC	:= $(sort $(wildcard selftests/sim/*.c))

obj		= $(patsubst %.c,$(O)/obj/%.o,$(1))

LIB		:= $(O)/libringcheck.a
RINGCHECK	:= $(O)/ringcheck
SIM_TESTS	:= $(O)/selftests/sim_tests
FAULT_TESTS	:= $(O)/selftests/fault_tests
PLUGINS		:= $(O)/plugins/reference.so
TEST_PLUGINS	:= $(O)/plugins/test-crash.so $(O)/plugins/test-hang.so \
		   $(O)/plugins/test-bad-abi.so

.PHONY: all check install plugin-example mutants run upstream conformance \
	libbpf-compare kselftest fuzz fuzz-build fuzz-afl fuzz-replay \
	valgrind asan ubsan coverage bench threads qemu \
	kselftest-build clean help
all: $(RINGCHECK) $(SIM_TESTS) $(FAULT_TESTS) $(PLUGINS) $(TEST_PLUGINS) \
     $(O)/plugins/example.so

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(call obj,$(FAKE_RING_SRC) $(READER_SRC) $(ENGINE_SRC))
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(RINGCHECK): $(call obj,$(CLI_SRC) $(CAPTURE_SRC)) $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl

$(SIM_TESTS): $(call obj,$(SIM_TEST_SRC) $(filter-out cli/ringcheck.c,$(CLI_SRC)) \
		$(CAPTURE_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -lcunit -ldl

# Injected failures of the system: the library's calls are wrapped.
$(FAULT_TESTS): $(call obj,selftests/faults/fault_tests.c) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -lcunit -ldl \
		-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=mmap \
		-Wl,--wrap=memfd_create,--wrap=fopen

# The reference reader as a plugin: the same object code, behind the ABI.
$(O)/plugins/reference.so: $(call obj,reader/reference_plugin.c $(READER_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ $^ $(LDFLAGS)

$(O)/plugins/test-%.so: selftests/plugins/misbehaving_plugin.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D$(shell echo $* | tr a-z- A-Z_) -shared -o $@ $<

plugin-example: $(O)/plugins/example.so
$(O)/plugins/example.so: reader/example/example_plugin.c reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ $< $(LDFLAGS)

# the tests' own dependencies first (ci/test_deps.sh), then every test
check: all
	@ci/test_deps.sh
	@ci/check.sh $(O)

# Upstream readers: libperf of Debian's linux-source packages, built with
# the kernel's own Makefile into $(O)/upstream/; the cache holds only the
# downloads and the extracted sources (ci/kernel_sources.sh), nothing of it
# in git. The kernel's Makefiles must not see ringcheck's variables (O,
# CC, EXTRA_CFLAGS... come through the environment and MAKEFLAGS).
LIBPERF_VERSIONS := 6.1 6.12
UPSTREAM	:= $(foreach v,$(LIBPERF_VERSIONS),$(O)/plugins/libperf-$(v).so)
ksrc		= $(RINGCHECK_CACHE)/linux-$(1)
KERNEL_ENV	:= env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u O -u CC \
		   -u EXTRA_CFLAGS -u EXTRA_LDFLAGS -u CFLAGS -u LDFLAGS

upstream: $(UPSTREAM)

# extracted sources: a complete entry of the cache, made under its lock
# (again when the script's list of parts changes)
$(RINGCHECK_CACHE)/linux-%/.complete: ci/kernel_sources.sh
	@ci/kernel_sources.sh $* >/dev/null

$(O)/upstream/libperf-%/libperf.a: $(RINGCHECK_CACHE)/linux-%/.complete
	@mkdir -p $(@D)
	@ci/build_step.sh "libperf $* (make -C tools/lib/perf O=$(@D))" \
		$(O)/upstream/libperf-$*.log $(KERNEL_ENV) $(MAKE) \
		-C $(call ksrc,$*)/tools/lib/perf O=$(abspath $(@D))

# neither is an intermediate file to delete after the link
.SECONDARY: $(LIBPERF_VERSIONS:%=$(O)/upstream/libperf-%/libperf.a) \
	    $(LIBPERF_VERSIONS:%=$(RINGCHECK_CACHE)/linux-%/.complete)

$(O)/plugins/libperf-%.so: selftests/upstream/libperf_adapter.c \
		$(O)/upstream/libperf-%/libperf.a
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DLIBPERF_VERSION='"$*"' \
		$(if $(filter 6.1,$*),,-DLIBPERF_LAZY_EVENT_COPY) \
		-I$(call ksrc,$*)/tools/lib/perf/include \
		-I$(call ksrc,$*)/tools/include \
		-I$(call ksrc,$*)/tools/arch/x86/include \
		-Ireader/include -Wl,--no-undefined -o $@ $< \
		$(O)/upstream/libperf-$*/libperf.a \
		$(O)/upstream/libperf-$*/libapi.a

# Real-kernel tests in kselftest conventions; the harness comes from
# Debian's linux-source-6.12 package (ci/kernel_sources.sh, cached).
KSFT_DIR	:= $(call ksrc,6.12)/tools/testing/selftests
KSFT_SRC	:= $(call ksrc,6.12)/.complete

kselftest-build: $(KSFT_SRC)
	@$(MAKE) -s -C selftests/kernel OUTPUT=$(abspath $(O))/kselftest \
		KSFT_DIR=$(KSFT_DIR) all

kselftest: kselftest-build
	@ci/tracefs.sh
	@$(MAKE) -s -C selftests/kernel OUTPUT=$(abspath $(O))/kselftest \
		KSFT_DIR=$(KSFT_DIR) run_tests

# The kernel tests and ring captures on Debian's 6.1 and 6.12 cloud kernels
# under qemu.
qemu:
	@selftests/qemu/run.sh $(O)

# The main job: the conformance run of the reference reader.
run: all kselftest-build
	@ci/tracefs.sh
	$(RINGCHECK) run

# Every available reader x every family, as a table here and in
# build/report/ (markdown and JSON). Findings are not failures of make.
conformance: all upstream kselftest-build
	@ci/tracefs.sh
	@mkdir -p $(O)/report
	@$(RINGCHECK) run --reader $(O)/plugins/reference.so \
		$(UPSTREAM:%=--reader %) --json $(O)/report/conformance.json \
		--markdown $(O)/report/conformance.md; test $$? -le 1
	@$(MAKE) -s --no-print-directory libbpf-compare
	@echo "report: $(O)/report/conformance.md, $(O)/report/conformance.json"

# libbpf's perf_buffer beside the reference reader on the real kernel.
libbpf-compare: kselftest-build
	@mkdir -p $(O)/report
	@$(O)/kselftest/libbpf_test >$(O)/report/libbpf.txt 2>&1; \
	rc=$$?; grep -E "^(ok|not ok)|records, " $(O)/report/libbpf.txt; \
	test $$rc -eq 0 -o $$rc -eq 4

# Fuzzing: libFuzzer targets (OSS-Fuzz convention, selftests/fuzz/build.sh),
# the same under AFL++, and replays of the corpora as regression tests.
FUZZ_TARGETS	:= hostile_ring scenario sim_ops
FUZZ_SECONDS	?= 60
# 0: a new seed each run; CI fixes one so that its runs repeat
FUZZ_SEED	?= 0
FUZZ_LIB_SRC	:= $(FAKE_RING_SRC) $(READER_SRC) reader/reference_plugin.c \
		   engine/scenario.c engine/families.c engine/oracle.c \
		   engine/paths.c \
		   cli/sim_ops.c
FUZZ_INC	:= -std=gnu11 -D_GNU_SOURCE -Ifake_ring -Ireader \
		   -Ireader/include -Iengine -Icli \
		   -DRINGCHECK_FIXTURES='"$(abspath fixtures/kernel)"'

$(O)/fuzz/fuzz_%: selftests/fuzz/fuzz_%.c $(FUZZ_LIB_SRC)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined $(FUZZ_INC) -o $@ $< \
		$(FUZZ_LIB_SRC) -ldl

$(O)/fuzz-replay/fuzz_%: selftests/fuzz/fuzz_%.c selftests/fuzz/fuzz_replay.c \
		$(FUZZ_LIB_SRC)
	@mkdir -p $(dir $@)
	$(CC) -g -O1 $(FUZZ_INC) $(EXTRA_CFLAGS) -o $@ $< \
		selftests/fuzz/fuzz_replay.c $(FUZZ_LIB_SRC) -ldl

$(O)/afl/fuzz_%: selftests/fuzz/fuzz_%.c $(FUZZ_LIB_SRC)
	@mkdir -p $(dir $@)
	AFL_QUIET=1 afl-clang-fast -g -O1 -fsanitize=fuzzer $(FUZZ_INC) \
		-o $@ $< $(FUZZ_LIB_SRC) -ldl

fuzz-build: $(FUZZ_TARGETS:%=$(O)/fuzz/fuzz_%)
fuzz-afl: $(FUZZ_TARGETS:%=$(O)/afl/fuzz_%)
	@echo "# ringcheck-totals afl passed=$(words $^) failed=0 skipped=0"
fuzz-replay: $(FUZZ_TARGETS:%=$(O)/fuzz-replay/fuzz_%)
	@n=0; for t in $(FUZZ_TARGETS); do \
		$(O)/fuzz-replay/fuzz_$$t fixtures/corpus/$$t || exit 1; \
		n=$$((n + $$(ls fixtures/corpus/$$t | wc -l))); \
	done; \
	echo "# ringcheck-totals fuzz-replay passed=$$n failed=0 skipped=0"

# Each target FUZZ_SECONDS from the committed corpus (copied: the fuzzer
# grows its copy); a crash is left in build/fuzz/crashes/ to be added to
# fixtures/corpus/<target>/, where fuzz-replay keeps replaying it.
fuzz: fuzz-build
	@mkdir -p $(O)/fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
		rm -rf $(O)/fuzz/corpus-$$t; \
		cp -r fixtures/corpus/$$t $(O)/fuzz/corpus-$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		$(O)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-seed=$(FUZZ_SEED) \
			-rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix=$(O)/fuzz/crashes/$$t- \
			$(O)/fuzz/corpus-$$t 2>$(O)/fuzz/$$t.log || \
			{ tail -40 $(O)/fuzz/$$t.log; exit 1; }; \
		grep -E "stat::number_of_executed_units|stat::peak_rss" \
			$(O)/fuzz/$$t.log; \
	done; \
	echo "# ringcheck-totals fuzz passed=$(words $(FUZZ_TARGETS)) failed=0 skipped=0"

# The same suites under memcheck and under clang's sanitizers.
valgrind: all kselftest-build
	@ci/valgrind.sh $(O)
asan ubsan: $(KSFT_SRC)
	@ci/sanitize.sh $@
coverage: $(KSFT_SRC)
	@ci/coverage.sh

# A writer and a reader thread under ThreadSanitizer (bug zoo 19).
THREADS_SRC	:= $(filter-out fake_ring/ring_image.c,$(FAKE_RING_SRC))
$(O)/threads/ring_threads: selftests/threads/ring_threads.c $(THREADS_SRC) \
		$(READER_SRC)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -fsanitize=thread -D_GNU_SOURCE -Ifake_ring \
		-Ireader -Ireader/include -o $@ $^ -lpthread
threads: $(O)/threads/ring_threads
	@TSAN_OPTIONS=halt_on_error=1 $(O)/threads/ring_threads

# Costs as ratios against baselines run in the same process.
$(O)/bench: selftests/bench/bench.c $(LIB) $(call obj,reader/reference_plugin.c)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl
bench: $(O)/bench
	@$(O)/bench

mutants: all
	@selftests/mutants/run_mutants.sh $(O)

# The install tree ringcheck finds its parts in (engine/paths.h): the
# reference plugin and the kernel tests in libexec, the kernel ring images
# in share; with the plugin header and its pkg-config file.
BINDIR		:= $(DESTDIR)$(PREFIX)/bin
LIBEXECDIR	:= $(DESTDIR)$(PREFIX)/libexec/ringcheck
SHAREDIR	:= $(DESTDIR)$(PREFIX)/share/ringcheck

install: $(RINGCHECK) $(PLUGINS) kselftest-build $(O)/ringcheck-reader.pc
	install -d $(DESTDIR)$(PREFIX)/include/ringcheck \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(BINDIR) \
		$(LIBEXECDIR)/plugins $(LIBEXECDIR)/kselftest $(SHAREDIR)
	install -m 644 reader/include/ringcheck/reader.h \
		$(DESTDIR)$(PREFIX)/include/ringcheck/reader.h
	install -m 644 $(O)/ringcheck-reader.pc \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/ringcheck-reader.pc
	install -m 755 $(RINGCHECK) $(BINDIR)/ringcheck
	install -m 755 $(PLUGINS) $(LIBEXECDIR)/plugins/
	install -m 755 $(wildcard $(O)/kselftest/*_test) $(LIBEXECDIR)/kselftest/
	rm -rf $(SHAREDIR)/fixtures
	mkdir -p $(SHAREDIR)/fixtures
	cp -r fixtures/kernel $(SHAREDIR)/fixtures/kernel

$(O)/ringcheck-reader.pc: reader/ringcheck-reader.pc.in $(RINGCHECK)
	sed 's|@PREFIX@|$(PREFIX)|' $< > $@

clean:
	rm -rf build

help:
	@echo "make                 build everything under build/"
	@echo "make check           run every test (CUnit, conformance, mutants)"
	@echo "make run             the conformance run of the reference reader"
	@echo "make mutants         the suite against each bug-zoo mutant"
	@echo "make kselftest       the real-kernel tests (kselftest TAP)"
	@echo "make upstream        libperf 6.1 and 6.12 adapter plugins"
	@echo "make qemu            the kernel tests on Debian 6.1, 6.12 under qemu"
	@echo "make plugin-example  build the documented minimal plugin"
	@echo "make install         ringcheck, its plugin, kernel tests and images,"
	@echo "                     the plugin header and pkg-config file (PREFIX=)"

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)
