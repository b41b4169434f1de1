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
# the reports of ringcheck run and merge (cli/report_json.c, cli/merge.c)
JSON_LIBS	:= $(shell pkg-config --libs json-c 2>/dev/null || echo -ljson-c)

FAKE_RING_SRC	:= fake_ring/fake_ring.c fake_ring/ledger.c fake_ring/arena.c \
		   fake_ring/fake_ring_show.c fake_ring/ring_image.c \
		   fake_ring/fake_cpus.c
# What ringcheck capture and stress need of the kernel tests, and the
# reference reader they read through.
CAPTURE_SRC	:= kernel_ring/capture.c kernel_ring/kring.c \
		   reader/reference_plugin.c
READER_SRC	:= reader/ring_reader.c reader/evlist_reader.c
# engine/: a scenario (scenario/, families/) is played against a reader
# (player/) and judged (judge/), under a runner (runner/); stress/ apart.
# What plays and judges a case, without the runner: the fuzz targets' own.
PLAY_SRC	:= $(sort $(wildcard $(foreach d,scenario families player judge,\
		     engine/$(d)/*.c)))
ENGINE_SRC	:= $(PLAY_SRC) $(sort $(wildcard engine/runner/*.c \
		     engine/stress/*.c))
CLI_SRC		:= $(sort $(wildcard cli/*.c))
SIM_TEST_SRC	:= $(sort $(wildcard selftests/sim/*.c))
DIFF_SRC	:= $(sort $(wildcard selftests/differential/*.c))

obj		= $(patsubst %.c,$(O)/obj/%.o,$(1))

LIB		:= $(O)/libringcheck.a
RINGCHECK	:= $(O)/ringcheck
SIM_TESTS	:= $(O)/selftests/sim_tests
FAULT_TESTS	:= $(O)/selftests/fault_tests
DIFFERENTIAL	:= $(O)/selftests/differential
CASE_DIGEST	:= $(O)/selftests/case_digest
PLUGINS		:= $(O)/plugins/reference.so $(O)/plugins/reference-v1.so \
		   $(O)/plugins/reference-callback.so
EXAMPLES	:= $(O)/plugins/example.so $(O)/plugins/example-fd.so \
		   $(O)/plugins/example-callback.so
TEST_PLUGINS	:= $(O)/plugins/test-crash.so $(O)/plugins/test-hang.so \
		   $(O)/plugins/test-bad-abi.so $(O)/plugins/independent.so \
		   $(O)/plugins/independent-v2.so \
		   $(O)/plugins/past-head.so $(O)/plugins/past-head-v2.so \
		   $(O)/plugins/read-past-v2.so $(O)/plugins/behind-nothing.so \
		   $(O)/plugins/small.so \
		   $(foreach m,dup ring hold,$(O)/plugins/test-evlist-$(m).so)
# The reference reader with one misbehaviour each (selftests/plugins/).
WILD_CLASSES	:= exit-in-read exit-later fork-exit ctor-crash \
		   null-in-workers ctor-hang spin setsid crash-hostile slow \
		   memory guard-read scribble ctrl-write ledger-write
WILD_PLUGINS	:= $(WILD_CLASSES:%=$(O)/plugins/wild-%.so)

.PHONY: all check install plugin-example mutants run upstream conformance \
	findings libbpf-compare kselftest perf-tool fuzz fuzz-build fuzz-afl fuzz-replay \
	valgrind asan ubsan coverage bench bench-growth case-digests stress stress-upstream qemu qemu-arm64 differential \
	kselftest-build clean help
all: $(RINGCHECK) $(SIM_TESTS) $(FAULT_TESTS) $(PLUGINS) $(TEST_PLUGINS) \
     $(EXAMPLES) $(DIFFERENTIAL) $(WILD_PLUGINS) $(CASE_DIGEST)

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(call obj,$(FAKE_RING_SRC) $(READER_SRC) $(ENGINE_SRC))
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(RINGCHECK): $(call obj,$(CLI_SRC) $(CAPTURE_SRC)) $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl $(JSON_LIBS)

$(SIM_TESTS): $(call obj,$(SIM_TEST_SRC) $(filter-out cli/ringcheck.c,$(CLI_SRC)) \
		$(CAPTURE_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -lcunit -ldl $(JSON_LIBS)

# Injected failures of the system: the library's calls are wrapped.
$(FAULT_TESTS): $(call obj,selftests/faults/fault_tests.c) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -lcunit -ldl \
		-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=mmap \
		-Wl,--wrap=memfd_create,--wrap=fopen

# fake_ring against the kernel: seeded sequences on a real ring, replayed.
$(DIFFERENTIAL): $(call obj,$(DIFF_SRC) $(CAPTURE_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl

# Every case's digest (selftests/cases): case ids stay what they were.
$(CASE_DIGEST): $(call obj,selftests/cases/case_digest.c) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl

# Only when a family's cases are meant to change: the new digests.
case-digests: $(CASE_DIGEST)
	$(CASE_DIGEST) >selftests/cases/digests.txt

DIFF_COUNT	?= 1000
differential: $(DIFFERENTIAL)
	@$(DIFFERENTIAL) -n $(DIFF_COUNT)

# The reference reader as a plugin: the same object code, behind the ABI.
$(O)/plugins/reference.so: $(call obj,reader/reference_plugin.c \
		reader/reference_evlist_plugin.c $(READER_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ $^ $(LDFLAGS)

# The same reader through ABI version 1: given the mapping.
$(O)/plugins/reference-v1.so: reader/reference_plugin.c $(call obj,$(READER_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DREFERENCE_ABI_V1 -shared -o $@ $^ $(LDFLAGS)

# ... and through the callback entry only.
$(O)/plugins/reference-callback.so: reader/reference_plugin.c $(call obj,$(READER_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DREFERENCE_CALLBACK -shared -o $@ $^ $(LDFLAGS)

# merged readers that lie: the reference with its stream distorted
$(O)/plugins/test-evlist-%.so: selftests/plugins/evlist_liar.c \
		reader/reference_plugin.c $(READER_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D$(shell echo $* | tr a-z A-Z) -shared -o $@ $^

$(O)/plugins/test-%.so: selftests/plugins/misbehaving_plugin.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D$(shell echo $* | tr a-z- A-Z_) -shared -o $@ $<

# A correct reader written independently of the reference (selftests/plugins),
# through ABI version 1 and version 2 (it maps the fd itself).
$(O)/plugins/independent.so: selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ $< $(LDFLAGS)
$(O)/plugins/independent-v2.so: selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DINDEPENDENT_ABI_V2 -shared -o $@ $< $(LDFLAGS)

$(O)/plugins/wild-%.so: selftests/plugins/wild_plugin.c \
		reader/reference_plugin.c $(READER_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DWILD_$(shell echo $* | tr a-z- A-Z_) \
		-Dringcheck_reader=reference_ringcheck_reader -shared -o $@ $^

# The independent reader with a planted fault: it returns a record that
# runs past data_head (clause 6; selftests/plugins/run_verdicts.sh).
$(O)/plugins/past-head.so: selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DINDEPENDENT_PAST_HEAD -shared -o $@ $< $(LDFLAGS)
$(O)/plugins/past-head-v2.so: selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DINDEPENDENT_PAST_HEAD -DINDEPENDENT_ABI_V2 -shared \
		-o $@ $< $(LDFLAGS)
# ... and one that reads past its own mapping (the fd entry's guard pages).
$(O)/plugins/read-past-v2.so: selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DINDEPENDENT_READ_PAST -DINDEPENDENT_ABI_V2 -shared \
		-o $@ $< $(LDFLAGS)

# ... and a correct one answering a head behind it with nothing new (1.4).
$(O)/plugins/behind-nothing.so: selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DINDEPENDENT_BEHIND_NOTHING -shared -o $@ $< $(LDFLAGS)

# A second correct reader, sharing no code with reader/ (make stress).
$(O)/plugins/small.so: selftests/stress/small_reader.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ $<


# The documented example: one reader, one build per entry of the ABI.
plugin-example: $(EXAMPLES)
$(O)/plugins/example.so: reader/example/example_plugin.c reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ $< $(LDFLAGS)
$(O)/plugins/example-%.so: reader/example/example_plugin.c reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DEXAMPLE_$(shell echo $* | tr a-z A-Z) -shared -o $@ $< $(LDFLAGS)

# the tests' own dependencies first (ci/test_deps.sh), then every test
check: all kselftest-build
	@ci/test_deps.sh
	@ci/check.sh $(O)

# Upstream readers: libperf of Debian's linux-source packages, built with
# the kernel's own Makefile into $(O)/upstream/; the cache holds only the
# downloads and the extracted sources (ci/kernel_sources.sh), nothing of it
# in git; 5.10 comes from bullseye, the newest (7.x) from sid. The kernel's
# Makefiles must not see ringcheck's variables (O, CC, EXTRA_CFLAGS...
# come through the environment and MAKEFLAGS). LIBPERF_NEWEST is the real
# version of sid's newest linux-source-7.* (`ci/kernel_sources.sh 7.x`
# prints it). adapters/ holds one plugin per reader.
LIBPERF_NEWEST	 ?= 7.2
LIBPERF_VERSIONS := 5.10 6.1 6.12 $(LIBPERF_NEWEST)
# before 6.7, perf_mmap__read copies into a fixed event_copy[]
LIBPERF_FIXED_COPY := 5.10 6.1
# BCC's perf_reader from Debian's libbpfcc-dev (ci/test_deps.sh)
BCC_VERSION	:= $(shell dpkg-query -W -f '$${Version}' libbpfcc-dev \
			2>/dev/null | sed 's/[+-].*//')
ksrc		= $(RINGCHECK_CACHE)/linux-$(1)
# libbpf's perf_buffer from the newest linux-source's tools/lib/bpf, built
# position-independent under $(O) (Debian's libbpf.a is not, and its
# libbpf.so cannot be given an interposed syscall(): adapters/libbpf.c)
LIBBPF_SRC	:= $(call ksrc,$(LIBPERF_NEWEST))/tools/lib/bpf
LIBBPF_OUT	:= $(abspath $(O))/libbpf-$(LIBPERF_NEWEST)
UPSTREAM	:= $(foreach v,$(LIBPERF_VERSIONS),$(O)/plugins/libperf-$(v).so) \
		   $(if $(BCC_VERSION),$(O)/plugins/bcc-$(BCC_VERSION).so) \
		   $(O)/plugins/libbpf-linux-$(LIBPERF_NEWEST).so
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
		-C $(call ksrc,$*)/tools/lib/perf O=$(abspath $(@D)) \
		EXTRA_CFLAGS=-O2

# neither is an intermediate file to delete after the link (the
# findings' reproducers link libperf.a too)
.SECONDARY: $(LIBPERF_VERSIONS:%=$(O)/upstream/libperf-%/libperf.a) \
	    $(LIBPERF_VERSIONS:%=$(RINGCHECK_CACHE)/linux-%/.complete)

$(O)/plugins/libperf-%.so: adapters/libperf.c \
		selftests/upstream/libperf_evlist_adapter.c \
		$(O)/upstream/libperf-%/libperf.a
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DLIBPERF_VERSION='"$*"' \
		$(if $(filter $(LIBPERF_FIXED_COPY),$*),,-DLIBPERF_LAZY_EVENT_COPY) \
		-I$(call ksrc,$*)/tools/lib/perf/include \
		-I$(call ksrc,$*)/tools/include \
		-I$(call ksrc,$*)/tools/lib \
		-I$(call ksrc,$*)/tools/arch/x86/include \
		-Ireader/include -Wl,--no-undefined -o $@ $(filter %.c,$^) \
		$(O)/upstream/libperf-$*/libperf.a \
		$(O)/upstream/libperf-$*/libapi.a

$(O)/plugins/bcc-%.so: adapters/bcc.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DBCC_VERSION='"$*"' -Ireader/include -Wl,--no-undefined \
		-o $@ $< -lbcc

$(LIBBPF_OUT)/libbpf.a: $(call ksrc,$(LIBPERF_NEWEST))/.complete
	@mkdir -p $(LIBBPF_OUT)/include/bpf
	@ci/build_step.sh "libbpf $(LIBPERF_NEWEST) (make -C tools/lib/bpf)" \
		$(LIBBPF_OUT).log $(KERNEL_ENV) $(MAKE) -C $(LIBBPF_SRC) \
		OUTPUT=$(LIBBPF_OUT)/ EXTRA_CFLAGS="-O2 -fPIC" $@
	cp $(addprefix $(LIBBPF_SRC)/,libbpf.h libbpf_common.h \
		libbpf_legacy.h libbpf_version.h bpf.h) $(LIBBPF_OUT)/include/bpf/

$(O)/plugins/libbpf-linux-%.so: adapters/libbpf.c $(LIBBPF_OUT)/libbpf.a
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DLIBBPF_VERSION='"'$$(grep -oE '^LIBBPF_[0-9.]+' \
			$(LIBBPF_SRC)/libbpf.map | sort -rV | head -n 1 | \
			cut -d_ -f2)'"' \
		-I$(LIBBPF_OUT)/include \
		-I$(RINGCHECK_CACHE)/linux-$*/tools/include/uapi \
		-Ireader/include -Wl,-Bsymbolic -Wl,--no-undefined -o $@ $< \
		$(LIBBPF_OUT)/libbpf.a -lelf -lz -ldl

# The findings' standalone reproducers on this machine's kernel
findings: upstream
	@findings/run.sh $(O) "$(LIBPERF_VERSIONS)"

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

# perf record black-box: this machine's perf, then the perf of other Debian
# releases in debootstrap chroots (the test linked statically to run there).
PERF_SUITES	?= bullseye sid
$(O)/perf-tool/perf_tool_test: selftests/kernel/perf_tool_test.c \
		selftests/kernel/perf_data.c selftests/kernel/perf_data.h \
		$(KSFT_SRC)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -D_GNU_SOURCE -static -Iselftests/kernel \
		-I$(KSFT_DIR)/kselftest -o $@ $(filter %.c,$^)
perf-tool: $(O)/perf-tool/perf_tool_test
	@selftests/perf_tool/run.sh $< host $(PERF_SUITES)

# The kernel matrix: the kernel tests, the differential test and ring
# captures on Debian's 5.10, 6.1, 6.12 and newest cloud kernels under qemu.
qemu:
	@selftests/qemu/run.sh $(O)

# The same on Debian's arm64 cloud kernel under qemu-system-aarch64 (TCG),
# the binaries cross-built.
qemu-arm64:
	@RINGCHECK_QEMU_ARCH=arm64 selftests/qemu/run.sh $(O)/arm64

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
	@findings/table.sh >$(O)/report/findings.md
	@$(MAKE) -s --no-print-directory libbpf-compare
	@echo "report: $(O)/report/conformance.md, $(O)/report/conformance.json," \
		"$(O)/report/findings.md"

# libbpf's perf_buffer beside the reference reader on the real kernel.
libbpf-compare: kselftest-build
	@mkdir -p $(O)/report
	@$(O)/kselftest/libbpf_test >$(O)/report/libbpf.txt 2>&1; \
	rc=$$?; grep -E "^(ok|not ok)|records, " $(O)/report/libbpf.txt; \
	test $$rc -eq 0 -o $$rc -eq 4

# Fuzzing: libFuzzer targets (OSS-Fuzz convention, selftests/fuzz/build.sh),
# the same under AFL++, and replays of the corpora as regression tests.
FUZZ_TARGETS	:= hostile_ring scenario sim_ops ring_image
FUZZ_SECONDS	?= 60
# 0: a new seed each run; CI fixes one so that its runs repeat
FUZZ_SEED	?= 0
FUZZ_LIB_SRC	:= $(FAKE_RING_SRC) $(READER_SRC) reader/reference_plugin.c \
		   $(PLAY_SRC) cli/sim_ops.c
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

# A writer and a reader thread under ThreadSanitizer (bug zoo 19), the
# reader built from source: make stress READER="a.c b.c" (STRESS_CFLAGS,
# STRESS_LIBS for what it needs). Default: the reference reader.
READER		?= reader/reference_plugin.c reader/ring_reader.c
stress:
	@selftests/stress/tsan_stress.sh \
		$(O)/stress/$(notdir $(basename $(firstword $(READER)))) $(READER)

# The shipped adapters' readers (libperf, libbpf) through make stress, from
# their upstream sources, held to what COVERAGE.md records.
stress-upstream:
	@selftests/stress/upstream_stress.sh $(O) $(LIBPERF_NEWEST)

# Costs as ratios against baselines run in the same process.
# Peers: every $(O)/plugins/libperf-*.so, bcc-*.so and libbpf-*.so
# present (make upstream). The
# chart of ns a record per reader and record size: build/report/bench.*.
$(O)/bench: $(call obj,selftests/bench/bench.c selftests/bench/bench_peers.c \
		reader/reference_plugin.c) $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl
bench: $(O)/bench
	@mkdir -p $(O)/report
	@$(O)/bench $(O)/report/bench.dat
	@if command -v gnuplot >/dev/null; then \
		gnuplot -e "dat='$(O)/report/bench.dat'; out='$(O)/report/bench'" \
			selftests/bench/bench.gp && \
		echo "chart: $(O)/report/bench.png, $(O)/report/bench.svg"; \
	else echo "chart: SKIP (no gnuplot: apt-get install gnuplot-nox)"; fi
	@$(MAKE) -s --no-print-directory bench-growth

# How the run grows with --scale, and cases/s with 1 and 2 workers
# (GROWTH_SCALES="1 2 4" adds scale 4: minutes more).
bench-growth: $(RINGCHECK) $(PLUGINS)
	@selftests/bench/bench_growth.sh $(O)

mutants: all
	@selftests/mutants/run_mutants.sh $(O)

# The install tree ringcheck finds its parts in (engine/scenario/paths.h): the
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
		reader/include/ringcheck/evlist.h \
		$(DESTDIR)$(PREFIX)/include/ringcheck/
	install -m 644 $(O)/ringcheck-reader.pc \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/ringcheck-reader.pc
	install -m 755 $(RINGCHECK) $(BINDIR)/ringcheck
	install -m 755 $(PLUGINS) $(LIBEXECDIR)/plugins/
	install -m 755 $(wildcard $(O)/kselftest/*_test) $(LIBEXECDIR)/kselftest/
	rm -rf $(SHAREDIR)/fixtures
	mkdir -p $(SHAREDIR)/fixtures
	cp -r fixtures/kernel $(SHAREDIR)/fixtures/kernel
	install -D -m 644 cli/ringcheck.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/ringcheck.1

$(O)/ringcheck-reader.pc: reader/ringcheck-reader.pc.in $(RINGCHECK)
	sed 's|@PREFIX@|$(PREFIX)|' $< > $@

clean:
	rm -rf build

help:
	@echo "make                 build everything under build/"
	@echo "make check           run every test (CUnit, conformance, mutants)"
	@echo "make run             the conformance run of the reference reader"
	@echo "make mutants         the suite against each bug-zoo mutant"
	@echo "make differential    fake_ring against this kernel, seeded sequences"
	@echo "make stress          a reader from source under TSan (READER=...)"
	@echo "make bench           costs as ratios; the reference vs libperf"
	@echo "make bench-growth    the run per family at --scale 1 and 2; cases/s"
	@echo "make case-digests    regenerate selftests/cases/digests.txt (on purpose)"
	@echo "make kselftest       the real-kernel tests (kselftest TAP)"
	@echo "make upstream        the adapters: libperf 5.10 to 7.x, BCC"
	@echo "make findings        the findings' reproducers on this kernel"
	@echo "make qemu            the kernel matrix: Debian 5.10 to 7.x under qemu"
	@echo "make qemu-arm64      the same on Debian's arm64 kernel (qemu-system-aarch64)"
	@echo "make perf-tool       perf record black-box: this perf, bullseye's, sid's"
	@echo "make plugin-example  build the documented minimal plugin"
	@echo "make install         ringcheck, its plugin, kernel tests and images,"
	@echo "                     the plugin header and pkg-config file (PREFIX=)"

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)
