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

# ringcheck's own code reads every field of the plugin ABI (reader.h)
CFLAGS		:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		   -DRINGCHECK_READER_ABI=2 \
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
READER_SRC	:= reader/ring_reader.c reader/evlist_reader.c reader/plugin_caps.c
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
RING_ABI_DIFF	:= $(O)/selftests/ring_abi_diff
# the differential test against a planted fault (below); named before
# all, whose prerequisites are expanded as the rule is read
DIFF_PLANTED	:= $(O)/selftests/differential-watermark-ge
PLUGINS		:= $(O)/plugins/reference.so $(O)/plugins/reference-v1.so \
		   $(O)/plugins/reference-callback.so
EXAMPLES	:= $(O)/plugins/example.so $(O)/plugins/example-fd.so \
		   $(O)/plugins/example-callback.so
TEST_PLUGINS	:= $(O)/plugins/test-crash.so $(O)/plugins/test-hang.so \
		   $(O)/plugins/test-bad-abi.so $(O)/plugins/independent.so \
		   $(O)/plugins/independent-v2.so \
		   $(O)/plugins/past-head.so $(O)/plugins/past-head-v2.so \
		   $(O)/plugins/read-past-v2.so $(O)/plugins/behind-nothing.so \
		   $(O)/plugins/past-window.so \
		   $(O)/plugins/small.so \
		   $(foreach m,dup ring hold crash,$(O)/plugins/test-evlist-$(m).so) \
		   $(foreach m,ok merges swap hold,$(O)/plugins/test-walk-$(m).so)
# The reference reader with one misbehaviour each (selftests/plugins/).
WILD_CLASSES	:= exit-in-read exit-later fork-exit ctor-crash \
		   null-in-workers ctor-hang spin setsid crash-hostile slow \
		   memory guard-read scribble ctrl-write ledger-write \
		   abort sigstop close-fds munmap-ring \
		   ctor-handler declared-ctor-fault declared-guard-read \
		   ctor-thread
WILD_PLUGINS	:= $(WILD_CLASSES:%=$(O)/plugins/wild-%.so)

.PHONY: all check install plugin-example mutants run scale upstream go-readers go-kernel-test rust-readers conformance \
	findings libbpf-compare kselftest perf-tool fuzz fuzz-build fuzz-afl fuzz-replay \
	fuzz-mutants fuzz-mutants-quick \
	valgrind asan ubsan coverage bench bench-growth case-digests stress stress-upstream qemu qemu-arm64 \
	qemu-kernel-test qemu-bisect-test differential \
	kselftest-build test-deps-present clean help tree-plugins tree-test-libbpf FORCE
all: $(RINGCHECK) $(SIM_TESTS) $(FAULT_TESTS) $(PLUGINS) $(TEST_PLUGINS) \
     $(EXAMPLES) $(DIFFERENTIAL) $(DIFF_PLANTED) $(WILD_PLUGINS) $(CASE_DIGEST) \
     $(RING_ABI_DIFF)

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# made anew: ar would keep the members of files moved or removed since
$(LIB): $(call obj,$(FAKE_RING_SRC) $(READER_SRC) $(ENGINE_SRC))
	@mkdir -p $(dir $@)
	@rm -f $@
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

# A captured ring image against a fixture, on what the ABI fixes (make qemu).
$(RING_ABI_DIFF): $(call obj,selftests/qemu/ring_abi_diff.c) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS)

# Only when a family's cases are meant to change: the new digests.
case-digests: $(CASE_DIGEST)
	$(CASE_DIGEST) >selftests/cases/digests.txt

DIFF_COUNT	?= 1000
differential: $(DIFFERENTIAL)
	@$(DIFFERENTIAL) -n $(DIFF_COUNT)

# The same test against a fake_ring with a planted fault (the kernel's
# strict watermark test made >=): selftests/differential/planted.sh must
# see it mismatch. The patched writer's object comes before the library,
# so the library's own fake_ring.o is not linked.
$(O)/planted/fake_ring_ge.c: fake_ring/fake_ring.c \
		selftests/differential/planted-watermark-ge.patch
	@mkdir -p $(dir $@)
	patch -s -o $@ fake_ring/fake_ring.c \
		<selftests/differential/planted-watermark-ge.patch
$(O)/planted/fake_ring_ge.o: $(O)/planted/fake_ring_ge.c
	$(CC) $(CFLAGS) -c $< -o $@
$(DIFF_PLANTED): $(O)/planted/fake_ring_ge.o \
		$(call obj,$(DIFF_SRC) $(CAPTURE_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl

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

# merged-reader entries that walk the rings as libperf does, one way each
$(O)/plugins/test-walk-%.so: selftests/plugins/evlist_walker.c \
		reader/reference_plugin.c $(READER_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D$(shell echo $* | tr a-z A-Z) -shared -o $@ $^

$(O)/plugins/test-%.so: selftests/plugins/misbehaving_plugin.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D$(shell echo $* | tr a-z- A-Z_) -shared -o $@ $<

# A correct reader written independently of the reference (selftests/plugins),
# through ABI version 1 and version 2 (it maps the fd itself), and its
# builds with one planted fault or one other allowed answer each
# (selftests/plugins/run_verdicts.sh): the flags of each build.
INDEPENDENT_independent		:=
INDEPENDENT_independent-v2	:= -DINDEPENDENT_ABI_V2
# a record that runs past data_head (clause 6)
INDEPENDENT_past-head		:= -DINDEPENDENT_PAST_HEAD
INDEPENDENT_past-head-v2	:= -DINDEPENDENT_PAST_HEAD -DINDEPENDENT_ABI_V2
# a backward walk that goes on past the window
INDEPENDENT_past-window		:= -DINDEPENDENT_PAST_WINDOW
# a read past its own mapping (the fd entry's guard pages)
INDEPENDENT_read-past-v2	:= -DINDEPENDENT_READ_PAST -DINDEPENDENT_ABI_V2
# correct: a head behind it answered with nothing new (1.4)
INDEPENDENT_behind-nothing	:= -DINDEPENDENT_BEHIND_NOTHING
INDEPENDENT_BUILDS := $(patsubst INDEPENDENT_%,$(O)/plugins/%.so,\
			$(filter INDEPENDENT_%,$(.VARIABLES)))
$(INDEPENDENT_BUILDS): $(O)/plugins/%.so: \
		selftests/plugins/independent_reader.c \
		reader/include/ringcheck/reader.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INDEPENDENT_$*) -shared -o $@ $< $(LDFLAGS)

$(O)/plugins/wild-%.so: selftests/plugins/wild_plugin.c \
		reader/reference_plugin.c $(READER_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DWILD_$(shell echo $* | tr a-z- A-Z_) \
		-Dringcheck_reader=reference_ringcheck_reader -shared -o $@ $^

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

# Targets that need what ci/test_deps.sh installs (beyond ci/deps.sh)
# stop at once with one line naming it when a package is missing, instead
# of failing deep in a build (libbpf's libelf.h, ...).
test-deps-present:
	@ci/test_deps.sh --check $(or $(MAKECMDGOALS),all)

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
# BCC's perf_reader from Debian's libbpfcc-dev (ci/test_deps.sh)
BCC_VERSION	:= $(shell dpkg-query -W -f '$${Version}' libbpfcc-dev \
			2>/dev/null | sed 's/[+-].*//')
ksrc		= $(RINGCHECK_CACHE)/linux-$(1)
# libbpf's perf_buffer from the newest linux-source's tools/lib/bpf, built
# position-independent under $(O) (Debian's libbpf.a is not, and its
# libbpf.so cannot be given an interposed syscall(): adapters/libbpf.c)
LIBBPF_DEBIAN	:= $(call ksrc,$(LIBPERF_NEWEST))/tools/lib/bpf
KERNEL_ENV	:= env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u O -u CC \
		   -u EXTRA_CFLAGS -u EXTRA_LDFLAGS -u CFLAGS -u LDFLAGS \
		   -u LIBPERF_SRC -u LIBBPF_SRC -u PERF

# Your trees: LIBPERF_SRC=/path/to/linux builds libperf's adapter from
# that kernel tree, LIBBPF_SRC=... libbpf's from a kernel tree, its
# tools/lib/bpf or a libbpf checkout, each named after the tree
# (ci/tree_name.sh: git describe; LIBPERF_NAME, LIBBPF_NAME to choose).
# The tree is only read: its own Makefile builds into $(O).
ifneq ($(LIBPERF_SRC),)
LIBPERF_TREE	:= $(abspath $(LIBPERF_SRC))
ifeq ($(wildcard $(LIBPERF_TREE)/tools/lib/perf/Makefile),)
$(error LIBPERF_SRC=$(LIBPERF_SRC) has no tools/lib/perf/Makefile: give the top of a kernel tree)
endif
ifeq ($(origin LIBPERF_NAME),undefined)
LIBPERF_NAME	:= $(shell ci/tree_name.sh $(LIBPERF_TREE) tools/lib/perf/mmap.c)
endif
endif
ifneq ($(LIBBPF_SRC),)
LIBBPF_TOP	:= $(abspath $(LIBBPF_SRC))
ifneq ($(wildcard $(LIBBPF_TOP)/src/libbpf.c),)
# a libbpf checkout: its src/Makefile builds into OBJDIR
LIBBPF_TREE	:= $(LIBBPF_TOP)/src
LIBBPF_UAPI	:= $(LIBBPF_TOP)/include/uapi
LIBBPF_FILE	:= src/libbpf.c
LIBBPF_OUTVAR	:= OBJDIR
else
# a kernel tree or its tools/lib/bpf: the kernel's Makefile, into OUTPUT
LIBBPF_TREE	:= $(LIBBPF_TOP)$(if $(wildcard $(LIBBPF_TOP)/tools/lib/bpf/Makefile),/tools/lib/bpf)
LIBBPF_UAPI	:= $(LIBBPF_TREE)/../../include/uapi
LIBBPF_FILE	:= $(if $(filter $(LIBBPF_TREE),$(LIBBPF_TOP)),libbpf.c,tools/lib/bpf/libbpf.c)
LIBBPF_OUTVAR	:= OUTPUT
endif
ifneq ($(words $(wildcard $(LIBBPF_TREE)/libbpf.c $(LIBBPF_UAPI)/linux/bpf.h)),2)
$(error LIBBPF_SRC=$(LIBBPF_SRC) is not a kernel tree, its tools/lib/bpf or a libbpf checkout (no libbpf.c with its uapi headers))
endif
ifeq ($(origin LIBBPF_NAME),undefined)
LIBBPF_NAME	:= $(shell ci/tree_name.sh $(LIBBPF_TOP) $(LIBBPF_FILE))
endif
endif
TREE_PLUGINS	:= $(if $(LIBPERF_SRC),$(O)/plugins/libperf-$(LIBPERF_NAME).so) \
		   $(if $(LIBBPF_SRC),$(O)/plugins/libbpf-$(LIBBPF_NAME).so)

UPSTREAM	:= $(foreach v,$(LIBPERF_VERSIONS),$(O)/plugins/libperf-$(v).so) \
		   $(if $(BCC_VERSION),$(O)/plugins/bcc-$(BCC_VERSION).so) \
		   $(O)/plugins/libbpf-linux-$(LIBPERF_NEWEST).so \
		   $(TREE_PLUGINS)

upstream: test-deps-present $(UPSTREAM)

# a prerequisite of what a sub-make of its own decides on
FORCE:

# Only the plugins of your trees: make tree-plugins LIBPERF_SRC=...
tree-plugins: $(TREE_PLUGINS)
	@test -n "$(strip $^)" || { echo "make tree-plugins: give LIBPERF_SRC= or LIBBPF_SRC=" >&2; exit 2; }
	@printf '%s\n' $^

# LIBBPF_SRC= on a copy of linux-source-7.2, a planted bug found: as the
# libperf test of make check, with a minute of libbpf's build (CI runs it)
tree-test-libbpf: $(RINGCHECK)
	@selftests/user_tree/tree_test.sh libbpf $(O)

# Go readers: cilium/ebpf's perf.Reader as plugins, built offline from
# Debian's packaged Go sources with one adapter file of ours added to the
# package (adapters/go/build.sh): 0.9 with bookworm's Go, 0.22 with sid's
# toolchain and sources extracted into the cache (adapters/go/sid_go.sh).
GO_VERSIONS	:= 0.9 0.22
GO_READERS	:= $(GO_VERSIONS:%=$(O)/plugins/cilium-%.so)
go-readers: $(GO_READERS)

# cilium/ebpf's perf.Reader black-box on this kernel (BPF_PROG_TEST_RUN of
# an XDP program writing 1..N), each version whose Go is here
go-kernel-test:
	@selftests/kernel/go/run.sh $(O)

$(O)/plugins/cilium-%.so: adapters/go/cilium-%/ringcheck_adapter.go \
		adapters/go/main.go adapters/go/build.sh \
		reader/include/ringcheck/reader.h
	@ci/build_step.sh "cilium/ebpf $* (Go)" $(O)/go-readers/cilium-$*.log \
		adapters/go/build.sh $* $(O) $@

# aya and perf-event2 (Rust) as plugins: sid's cargo and rustc and sid's
# packaged crates, extracted into the cache (adapters/rust/sid_rust.sh),
# built offline (adapters/rust/build.sh)
RUST_CRATES	:= perf-event2 aya
RUST_READERS	:= $(RUST_CRATES:%=$(O)/plugins/%.so)
rust-readers: $(RUST_READERS)

$(O)/plugins/%.so: adapters/rust/%/Cargo.toml adapters/rust/%/src/lib.rs \
		adapters/rust/abi.rs adapters/rust/panics.rs \
		adapters/rust/swap.rs adapters/rust/build.sh \
		adapters/rust/sid_rust.sh
	@ci/build_step.sh "$* (Rust)" $(O)/rust/$*.log \
		adapters/rust/build.sh $* $(O) $@

# extracted sources: a complete entry of the cache, made under its lock
# (again when the script's list of parts changes)
$(RINGCHECK_CACHE)/linux-%/.complete: ci/kernel_sources.sh
	@ci/kernel_sources.sh $* >/dev/null

# not intermediate files to delete after the link
.SECONDARY: $(LIBPERF_VERSIONS:%=$(RINGCHECK_CACHE)/linux-%/.complete)

# libperf_plugin NAME TREE [ORDER-ONLY]: libperf.a of TREE by libperf's
# own Makefile, which is run every time (FORCE) and alone decides what
# its sources' changes rebuild, as in perf's build; the plugin is linked
# again only when that changed libperf.a or libapi.a. struct perf_mmap
# has a fixed event_copy[] before 6.7, a pointer (event_copy_sz) since.
define libperf_plugin
$(O)/upstream/libperf-$(1)/libperf.a: FORCE | $(3)
	@mkdir -p $$(@D)
	@ci/build_step.sh "libperf $(1) (make -C $(2)/tools/lib/perf O=$$(@D))" \
		$(O)/upstream/libperf-$(1).log $(KERNEL_ENV) $(MAKE) \
		-C $(2)/tools/lib/perf O=$$(abspath $$(@D)) EXTRA_CFLAGS=-O2

$(O)/upstream/libperf-$(1)/libapi.a: $(O)/upstream/libperf-$(1)/libperf.a ;

$(O)/plugins/libperf-$(1).so: adapters/libperf.c \
		selftests/upstream/libperf_evlist_adapter.c \
		$(O)/upstream/libperf-$(1)/libperf.a \
		$(O)/upstream/libperf-$(1)/libapi.a
	@mkdir -p $$(dir $$@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DLIBPERF_VERSION='"$(1)"' \
		$$$$(grep -qs event_copy_sz \
		   $(2)/tools/lib/perf/include/internal/mmap.h && \
		   echo -DLIBPERF_LAZY_EVENT_COPY) \
		-I$(2)/tools/lib/perf/include -I$(2)/tools/include \
		-I$(2)/tools/lib -I$(2)/tools/arch/x86/include \
		-Ireader/include -Wl,--no-undefined -o $$@ $$(filter %.c,$$^) \
		$(O)/upstream/libperf-$(1)/libperf.a \
		$(O)/upstream/libperf-$(1)/libapi.a
endef

$(foreach v,$(LIBPERF_VERSIONS),$(eval $(call libperf_plugin,$(v),$(call ksrc,$(v)),$(call ksrc,$(v))/.complete)))
$(if $(LIBPERF_SRC),$(eval $(call libperf_plugin,$(LIBPERF_NAME),$(LIBPERF_TREE))))

$(O)/plugins/bcc-%.so: adapters/bcc.c | test-deps-present
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DBCC_VERSION='"$*"' -Ireader/include -Wl,--no-undefined \
		-o $@ $< -lbcc

# libbpf_plugin NAME SRC OUT UAPI OUTVAR [ORDER-ONLY] [SUFFIX]: libbpf.a
# by libbpf's own Makefile in SRC (the kernel's takes OUTPUT=OUT/, a
# libbpf checkout's OBJDIR=OUT), run every time as libperf's above; the
# reader calls itself libbpf-<its version><SUFFIX>
define libbpf_plugin
$(abspath $(3))/libbpf.a: FORCE | $(6)
	@mkdir -p $(3)/include/bpf
	@ci/build_step.sh "libbpf $(1) (make -C $(2))" \
		$(3).log $(KERNEL_ENV) $(MAKE) -C $(2) \
		$(5)=$(abspath $(3))$(if $(filter OUTPUT,$(5)),/) \
		BUILD_STATIC_ONLY=y EXTRA_CFLAGS="-O2 -fPIC" $$@
	@cp -u $(addprefix $(2)/,libbpf.h libbpf_common.h \
		libbpf_legacy.h libbpf_version.h bpf.h) $(3)/include/bpf/

$(O)/plugins/libbpf-$(1).so: adapters/libbpf.c $(abspath $(3))/libbpf.a
	@mkdir -p $$(dir $$@)
	$(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Werror \
		-DLIBBPF_VERSION='"'$$$$(grep -oE '^LIBBPF_[0-9.]+' \
			$(2)/libbpf.map | sort -rV | head -n 1 | \
			cut -d_ -f2)'$(7)"' \
		-I$(3)/include -I$(4) \
		-Ireader/include -Wl,-Bsymbolic -Wl,--no-undefined -o $$@ $$< \
		$(abspath $(3))/libbpf.a -lelf -lz -ldl
endef

$(eval $(call libbpf_plugin,linux-$(LIBPERF_NEWEST),$(LIBBPF_DEBIAN),$(O)/libbpf-$(LIBPERF_NEWEST),$(LIBBPF_DEBIAN)/../../include/uapi,OUTPUT,$(call ksrc,$(LIBPERF_NEWEST))/.complete))
$(if $(LIBBPF_SRC),$(eval $(call libbpf_plugin,$(LIBBPF_NAME),$(LIBBPF_TREE),$(O)/libbpf-tree-$(LIBBPF_NAME),$(LIBBPF_UAPI),$(LIBBPF_OUTVAR),,-$(LIBBPF_NAME))))

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

# Your perf: PERF=/path/to/perf (or a command name) is the perf every test
# of perf runs (make perf-tool, kselftest, check), given to them as
# RINGCHECK_PERF; without it, perf from PATH. Named and not executable,
# or unable to record here: an error, not a skip.
ifneq ($(PERF),)
PERF_BIN	:= $(if $(findstring /,$(PERF)),$(abspath $(PERF)),$(shell command -v '$(PERF)'))
ifeq ($(shell test -f '$(PERF_BIN)' -a -x '$(PERF_BIN)' && echo y),)
$(error PERF=$(PERF) is not an executable file)
endif
export RINGCHECK_PERF := $(PERF_BIN)
export RINGCHECK_PERF_REQUIRED := 1
endif

# perf's consumers black-box, one test program per tool: this machine's
# perf (or PERF), then the perf of other Debian releases in debootstrap
# chroots (the tests linked statically to run there); with PERF given,
# only that perf unless PERF_SUITES says.
PERF_SUITES	?= $(if $(PERF),,bullseye sid)
PERF_TOOL_TESTS	:= record trace top python
PERF_TOOL_SRC	:= $(addprefix selftests/kernel/, perf_run.c perf_workload.c \
		   perf_data.c perf_tally.c perf_transcript.c)
PERF_TOOL_HDRS	:= $(wildcard selftests/kernel/perf_*.h)
$(O)/perf-tool/perf_%_test: selftests/kernel/perf_%_test.c $(PERF_TOOL_SRC) \
		$(PERF_TOOL_HDRS) $(KSFT_SRC)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -D_GNU_SOURCE -static -Iselftests/kernel \
		-I$(KSFT_DIR)/kselftest -o $@ $(filter %.c,$^)
perf-tool: $(PERF_TOOL_TESTS:%=$(O)/perf-tool/perf_%_test) | test-deps-present
	@selftests/perf_tool/run.sh "$^" host $(PERF_SUITES)

# The kernel matrix: the kernel tests, the differential test and ring
# captures on Debian's 5.10, 6.1, 6.12 and newest cloud kernels under qemu.
# KERNEL=PATH boots that kernel instead: a built tree, an image, a .deb.
qemu:
	@selftests/qemu/run.sh $(if $(KERNEL),--kernel "$(KERNEL)") $(O)

# make qemu KERNEL= on kernels built here from linux-source-6.12: one that
# must pass, one with a planted ABI change that must fail. Long (README).
qemu-kernel-test:
	@selftests/qemu/kernel_test.sh $(O)

# The kernel bisect recipe on a planted commit, in that build (README).
qemu-bisect-test:
	@selftests/qemu/bisect_test.sh $(O)

# The same on Debian's arm64 cloud kernel under qemu-system-aarch64 (TCG),
# the binaries cross-built.
qemu-arm64:
	@RINGCHECK_QEMU_ARCH=arm64 selftests/qemu/run.sh \
		$(if $(KERNEL),--kernel "$(KERNEL)") $(O)/arm64

# The simulated run with every family's lists longer (--scale; CI runs 4,
# 335656 cases in about 35 s here).
SCALE		?= 4
scale: all
	$(RINGCHECK) run --sim-only --scale $(SCALE)

# The main job: the conformance run of the reference reader.
run: all kselftest-build
	@ci/tracefs.sh
	$(RINGCHECK) run

# Every available reader of every language x every family, as a table
# here and in build/report/ (JSON; markdown: the readers by language with
# their findings, findings/languages.py, then the families tables).
# Findings are not failures of make. READERS="cilium-0.22 aya" runs only
# those plugins (build/plugins/NAME.so) beside the reference reader, and
# builds only them; QUICK=1 runs every reader at the --quick bounds.
# CONFORMANCE_QUICK run --quick, in a run of their own (the report names
# the bounds of each reader): aya, whose read_events() never returns on a
# head below the tail (finding 82), so each such case costs the --timeout
# (3 s of CPU; COVERAGE.md has the profile).
CONFORMANCE_ALL	:= $(UPSTREAM) $(GO_READERS) $(RUST_READERS)
CONFORMANCE_QUICK ?= $(O)/plugins/aya.so
CONFORMANCE_READERS := $(if $(READERS),$(READERS:%=$(O)/plugins/%.so),$(CONFORMANCE_ALL))
CONF_FULL	:= $(if $(QUICK),$(CONFORMANCE_READERS),$(filter-out $(CONFORMANCE_QUICK),$(CONFORMANCE_READERS)))
CONF_QUICK	:= $(if $(QUICK),,$(filter $(CONFORMANCE_QUICK),$(CONFORMANCE_READERS)))
conformance: test-deps-present all kselftest-build $(CONFORMANCE_READERS)
	@ci/tracefs.sh
	@mkdir -p $(O)/report
	@rm -f $(O)/report/conformance*.json $(O)/report/families*.md
	@$(RINGCHECK) run $(if $(QUICK),--quick) --reader $(O)/plugins/reference.so \
		$(CONF_FULL:%=--reader %) --json $(O)/report/conformance.json \
		--markdown $(O)/report/families.md; test $$? -le 1
	@$(if $(CONF_QUICK),$(RINGCHECK) run --quick \
		$(CONF_QUICK:%=--reader %) --json $(O)/report/conformance-quick.json \
		--markdown $(O)/report/families-quick.md; test $$? -le 1,:)
	@{ findings/languages.py $(O)/report/conformance.json \
		$(if $(CONF_QUICK),$(O)/report/conformance-quick.json) \
		findings/readers findings/causes.expect \
		selftests/upstream/expect/*.expect && \
		echo && cat $(O)/report/families.md && \
		if [ -f $(O)/report/families-quick.md ]; then \
			printf '\n%s\n\n' "At the --quick bounds (CONFORMANCE_QUICK):"; \
			cat $(O)/report/families-quick.md; fi; } \
		>$(O)/report/conformance.md
	@findings/table.sh >$(O)/report/findings.md
	@$(MAKE) -s --no-print-directory libbpf-compare
	@echo "report: $(O)/report/conformance.md, $(O)/report/conformance.json," \
		"$(O)/report/findings.md"

# libbpf's perf_buffer beside the reference reader on the real kernel.
libbpf-compare: kselftest-build | test-deps-present
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
FUZZ_INC	:= -std=gnu11 -D_GNU_SOURCE -DRINGCHECK_READER_ABI=2 -Ifake_ring -Ireader \
		   -Ireader/include -Iengine -Icli \
		   -DRINGCHECK_FIXTURES='"$(abspath fixtures/kernel)"'

$(O)/fuzz/fuzz_%: selftests/fuzz/fuzz_%.c $(FUZZ_LIB_SRC) | test-deps-present
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined $(FUZZ_INC) -o $@ $< \
		$(FUZZ_LIB_SRC) -ldl

$(O)/fuzz-replay/fuzz_%: selftests/fuzz/fuzz_%.c selftests/fuzz/fuzz_replay.c \
		$(FUZZ_LIB_SRC)
	@mkdir -p $(dir $@)
	$(CC) -g -O1 $(FUZZ_INC) $(EXTRA_CFLAGS) -o $@ $< \
		selftests/fuzz/fuzz_replay.c $(FUZZ_LIB_SRC) -ldl

$(O)/afl/fuzz_%: selftests/fuzz/fuzz_%.c $(FUZZ_LIB_SRC) | test-deps-present
	@mkdir -p $(dir $@)
	AFL_QUIET=1 afl-clang-fast -g -O1 -fsanitize=fuzzer $(FUZZ_INC) \
		-o $@ $< $(FUZZ_LIB_SRC) -ldl

# The scenario target is built around a reader from source (READER, as
# make stress takes it; FUZZ_CFLAGS, FUZZ_LIBS for what it needs), the
# reference reader by default: the oracle (what plays and judges a case)
# comes from a library of its own with ASan and UBSan but no coverage, so
# the fuzzer's map is the reader's and the input decoder's, and an input
# costs what the reader's calls cost (selftests/fuzz/fuzz_reader.sh). The
# decoder is compiled with the reader, with coverage (not in the
# library): its comparisons lead the fuzzer to version 2's magic.
FUZZ_DECODER_SRC := engine/scenario/fuzz_input.c engine/scenario/fuzz_input_v2.c
FUZZ_ORACLE_SRC	:= $(FAKE_RING_SRC) $(filter-out $(FUZZ_DECODER_SRC),$(PLAY_SRC)) \
		   reader/plugin_caps.c
FUZZ_ORACLE_CC	:= clang -g -O2 -fsanitize=address,undefined \
		   -fno-sanitize-recover=undefined $(FUZZ_INC)
FUZZ_READER_SH	:= selftests/fuzz/fuzz_reader.sh
$(O)/fuzz/oracle/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_ORACLE_CC) -MMD -MP -c $< -o $@
$(O)/fuzz/liboracle.a: $(FUZZ_ORACLE_SRC:%.c=$(O)/fuzz/oracle/%.o)
	@rm -f $@
	$(AR) rcs $@ $^
# ... and for AFL++, without sanitizers as its other targets
$(O)/afl/oracle/%.o: %.c
	@mkdir -p $(dir $@)
	clang -g -O1 $(FUZZ_INC) -MMD -MP -c $< -o $@
$(O)/afl/liboracle.a: $(FUZZ_ORACLE_SRC:%.c=$(O)/afl/oracle/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

# the reference reader's, or the one READER names
ifeq ($(filter command line environment,$(origin READER)),)
$(O)/fuzz/fuzz_scenario: selftests/fuzz/fuzz_scenario.c $(READER) \
		$(FUZZ_DECODER_SRC) $(FUZZ_READER_SH) $(O)/fuzz/liboracle.a
	@$(FUZZ_READER_SH) build libfuzzer $(O)/fuzz/liboracle.a $@ $(READER)
$(O)/afl/fuzz_scenario: selftests/fuzz/fuzz_scenario.c $(READER) \
		$(FUZZ_DECODER_SRC) $(FUZZ_READER_SH) $(O)/afl/liboracle.a
	@$(FUZZ_READER_SH) build afl $(O)/afl/liboracle.a $@ $(READER)
else
# make fuzz READER=...: the scenario target and the concurrent one
# (selftests/fuzz/fuzz_stress.c, under TSan) around that reader only,
# rebuilt every time (its sources may be anywhere)
FUZZ_READER_OUT	:= $(O)/fuzz-reader/$(notdir $(basename $(firstword $(READER))))
.PHONY: $(FUZZ_READER_OUT)/fuzz_scenario $(FUZZ_READER_OUT)/afl_scenario \
	$(FUZZ_READER_OUT)/fuzz_stress
$(FUZZ_READER_OUT)/fuzz_scenario: $(O)/fuzz/liboracle.a
	@$(FUZZ_READER_SH) build libfuzzer $< $@ $(READER)
$(FUZZ_READER_OUT)/fuzz_stress:
	@$(FUZZ_READER_SH) build stress $@ $(READER)
$(FUZZ_READER_OUT)/afl_scenario: $(O)/afl/liboracle.a
	@$(FUZZ_READER_SH) build afl $< $@ $(READER)
endif

ifeq ($(filter command line environment,$(origin READER)),)
fuzz-build: $(FUZZ_TARGETS:%=$(O)/fuzz/fuzz_%)
fuzz-afl: $(FUZZ_TARGETS:%=$(O)/afl/fuzz_%)
	@echo "# ringcheck-totals afl passed=$(words $^) failed=0 skipped=0"
else
fuzz-build: $(FUZZ_READER_OUT)/fuzz_scenario $(FUZZ_READER_OUT)/fuzz_stress
fuzz-afl: $(FUZZ_READER_OUT)/afl_scenario
	@echo "afl: $< (cp -r fixtures/corpus/scenario IN &&" \
		"selftests/fuzz/scenario_seeds.sh IN && afl-fuzz -i IN -o OUT -- $<)"
	@echo "# ringcheck-totals afl passed=1 failed=0 skipped=0"
endif
fuzz-replay: $(FUZZ_TARGETS:%=$(O)/fuzz-replay/fuzz_%)
	@n=0; for t in $(FUZZ_TARGETS); do \
		$(O)/fuzz-replay/fuzz_$$t fixtures/corpus/$$t || exit 1; \
		n=$$((n + $$(ls fixtures/corpus/$$t | wc -l))); \
	done; \
	echo "# ringcheck-totals fuzz-replay passed=$$n failed=0 skipped=0"

# Each target FUZZ_SECONDS from the committed corpus (copied: the fuzzer
# grows its copy; the scenario target's with the version 2 seeds of
# selftests/fuzz/scenario_seeds.sh); a crash is left in build/fuzz/crashes/ to be added to
# fixtures/corpus/<target>/, where fuzz-replay keeps replaying it.
ifneq ($(filter command line environment,$(origin READER)),)
# the user's reader: FUZZ_SECONDS, its first finding saved and shown with
# the command that replays it (exit 1)
fuzz: fuzz-build
	@$(FUZZ_READER_SH) run $(FUZZ_READER_OUT) $(FUZZ_SECONDS) $(FUZZ_SEED)
else
fuzz: fuzz-build
	@mkdir -p $(O)/fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
		rm -rf $(O)/fuzz/corpus-$$t; \
		cp -r fixtures/corpus/$$t $(O)/fuzz/corpus-$$t; \
		[ $$t != scenario ] || \
			selftests/fuzz/scenario_seeds.sh $(O)/fuzz/corpus-$$t; \
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
endif

# make fuzz READER= around the bug zoo's mutants, the scenario target and
# the concurrent one: each must be found (selftests/fuzz/fuzz_mutants.sh).
# All of them, 3 runs of up to FUZZ_MUTANT_CAP s each (about 80 s here,
# mostly builds); make check runs five, once (one of them a barrier
# mutant, found by the concurrent target).
FUZZ_MUTANT_CAP	?= 120
FUZZ_MUTANTS_QUICK := 01-backward-discards-prev 02-overwrite-mapped-writable \
		   04-record-past-end 05-released-before-use 19-plain-head-load
fuzz-mutants: $(RINGCHECK) $(O)/fuzz/liboracle.a
	@selftests/fuzz/fuzz_mutants.sh $(O) $(FUZZ_MUTANT_CAP) 3
fuzz-mutants-quick: $(RINGCHECK) $(O)/fuzz/liboracle.a
	@selftests/fuzz/fuzz_mutants.sh $(O) 30 1 $(FUZZ_MUTANTS_QUICK)

# The same suites under memcheck and under clang's sanitizers.
valgrind: all kselftest-build | test-deps-present
	@ci/valgrind.sh $(O)
asan ubsan: $(KSFT_SRC) | test-deps-present
	@ci/sanitize.sh $@
coverage: $(KSFT_SRC) | test-deps-present
	@ci/coverage.sh

# A writer and a reader thread under ThreadSanitizer (bug zoo 19), the
# reader built from source: make stress READER="a.c b.c" (STRESS_CFLAGS,
# STRESS_LIBS for what it needs). Default: the reference reader.
READER		?= reader/reference_plugin.c reader/ring_reader.c
stress: | test-deps-present
	@selftests/stress/tsan_stress.sh \
		$(O)/stress/$(notdir $(basename $(firstword $(READER)))) $(READER)

# The shipped adapters' readers (libperf, libbpf) through make stress, from
# their upstream sources, held to what COVERAGE.md records.
stress-upstream: | test-deps-present
	@selftests/stress/upstream_stress.sh $(O) $(LIBPERF_NEWEST)

# Costs as ratios against baselines run in the same process; the case
# cost, the fork server's rate (readers that exit or crash in every case)
# and the scenario fuzz target's rate against a baseline build
# (selftests/bench/bench_baseline.sh: 4e8216e unless BENCH_BASE=) in
# $(O)/baseline/. Peers: every $(O)/plugins/libperf-*.so, bcc-*.so,
# libbpf-*.so (make upstream), cilium-*.so (go-readers), aya.so and
# perf-event2.so (rust-readers), those present. The
# chart of ns a record per reader and record size: build/report/bench.*.
$(O)/bench: $(call obj,selftests/bench/bench.c selftests/bench/bench_peers.c \
		reader/reference_plugin.c) $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) -ldl
bench: $(O)/bench $(RINGCHECK) $(PLUGINS) $(WILD_PLUGINS) $(O)/fuzz/fuzz_scenario
	@mkdir -p $(O)/report
	@$(O)/bench $(O)/report/bench.dat
	@if command -v gnuplot >/dev/null; then \
		gnuplot -e "dat='$(O)/report/bench.dat'; out='$(O)/report/bench'" \
			selftests/bench/bench.gp && \
		echo "chart: $(O)/report/bench.png, $(O)/report/bench.svg"; \
	else echo "chart: SKIP (no gnuplot: apt-get install gnuplot-nox)"; fi
	@$(MAKE) -s --no-print-directory bench-growth
	@selftests/bench/bench_case_cost.sh $(O)
	@selftests/bench/bench_fuzz_rate.sh $(O)
	@selftests/bench/bench_misbehaving.sh $(O)

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

# its version is the newest ABI of the header, as ringcheck --version says
READER_ABI	:= $(shell sed -n 's/^\#define RINGCHECK_READER_ABI_LATEST //p' \
		   reader/include/ringcheck/reader.h)
$(O)/ringcheck-reader.pc: reader/ringcheck-reader.pc.in $(RINGCHECK) \
		reader/include/ringcheck/reader.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@ABI@|$(READER_ABI)|' $< > $@

clean:
	rm -rf build

help:
	@echo "make                 build everything under build/"
	@echo "make check           run every test (CUnit, conformance, mutants)"
	@echo "make run             the conformance run of the reference reader"
	@echo "make mutants         the suite against each bug-zoo mutant"
	@echo "make differential    fake_ring against this kernel, seeded sequences"
	@echo "make stress          a reader from source under TSan (READER=...)"
	@echo "make fuzz READER=... a reader from source under libFuzzer: scenarios"
	@echo "                     (ASan) and the writer in another thread (TSan)"
	@echo "make bench           costs as ratios; the reference vs libperf, BCC,"
	@echo "                     libbpf, cilium/ebpf, aya, perf-event2"
	@echo "make conformance     every reader of every language; report by language"
	@echo "                     (READERS=\"cilium-0.22 aya\" only those; QUICK=1)"
	@echo "make bench-growth    the run per family at --scale 1 and 2; cases/s"
	@echo "make case-digests    regenerate selftests/cases/digests.txt (on purpose)"
	@echo "make kselftest       the real-kernel tests (kselftest TAP)"
	@echo "make upstream        the adapters: libperf 5.10 to 7.x, BCC, libbpf"
	@echo "                     (and your trees': LIBPERF_SRC=, LIBBPF_SRC=)"
	@echo "make tree-plugins    only your trees' adapters (LIBPERF_SRC=, LIBBPF_SRC=)"
	@echo "make go-readers      cilium/ebpf 0.9 and 0.22 (Go) as plugins"
	@echo "make go-kernel-test  cilium/ebpf's perf.Reader on this kernel (BPF)"
	@echo "make rust-readers    aya and perf-event2 (Rust, sid) as plugins"
	@echo "make findings        the findings' reproducers on this kernel"
	@echo "make qemu            the kernel matrix: Debian 5.10 to 7.x under qemu"
	@echo "make qemu-arm64      the same on Debian's arm64 kernel (qemu-system-aarch64)"
	@echo "make qemu KERNEL=P   the same on your kernel: a built tree, an image, a .deb"
	@echo "make qemu-kernel-test  KERNEL= on 6.12 built here, and with a planted ABI change"
	@echo "make qemu-bisect-test  the kernel bisect recipe finds a planted commit"
	@echo "make perf-tool       perf's tools black-box: this perf, bullseye's, sid's"
	@echo "                     (PERF=/path/to/perf: yours, everywhere perf runs)"
	@echo "make plugin-example  build the documented minimal plugin"
	@echo "make install         ringcheck, its plugin, kernel tests and images,"
	@echo "                     the plugin header and pkg-config file (PREFIX=)"

-include $(shell find $(O)/obj $(O)/fuzz/oracle $(O)/afl/oracle -name '*.d' 2>/dev/null)
