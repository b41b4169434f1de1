// SPDX-License-Identifier: GPL-2.0-only
/*
 * A scenario played against one reader: the ring set up (reused from a
 * small cache of rings of the same shape), the reader opened through its
 * entry, the history written before it came, every step run in order, and
 * the final drain once the writer settles. The judge (engine/judge/)
 * decides each call; a failure lands back here through the player's
 * setjmp and is described if a report was asked for.
 */
#include <stdlib.h>
#include <string.h>

#include "scenario/capabilities.h"
#include "fd_mapping.h"
#include "fd_guard.h"
#include "play_evlist.h"
#include "player_internal.h"

/* Rings kept for the next case of their shape: enough for the shapes a
 * scenario fuzz input has (2 modes x 16: 12 data sizes on 4 KiB pages,
 * 3 on 16 KiB ones, 1 on 64 KiB ones) to stay mapped. */
#define RING_CACHE	32
#define DRAIN_CYCLES	64

static struct fake_ring *ring_cache[RING_CACHE];
/* the record buffer of the last case played, exchanged atomically */
static uint8_t *spare_rec;
/* the guard pages around an fd reader's own mapping, kept for the next
 * case: its reader maps a ring of the same size into the same gap */
static struct fd_guard guard;

static struct fake_ring *get_ring(const struct fake_ring_config *cfg)
{
	char err[256];
	int i;

	for (i = 0; i < RING_CACHE && ring_cache[i]; i++)
		if (!fake_ring_reconfigure(ring_cache[i], cfg))
			return ring_cache[i];
	if (i == RING_CACHE) {
		fake_ring_free(ring_cache[RING_CACHE - 1]);
		i = RING_CACHE - 1;
	}
	memmove(ring_cache + 1, ring_cache, i * sizeof(ring_cache[0]));
	ring_cache[0] = fake_ring_new(cfg, err, sizeof(err));
	if (!ring_cache[0]) {
		fprintf(stderr, "ringcheck: fake ring: %s\n", err);
		abort();
	}
	return ring_cache[0];
}

/* The fd entry: the writer then follows the protection the reader chose. */
static void open_by_fd(struct player *p)
{
	const struct fake_ring_config *cfg = fake_ring_config(p->ring);
	struct ringcheck_fd_ring ring = { fake_ring_fd(p->ring), cfg->page_size,
					  cfg->data_size, cfg->backward };
	uintptr_t lo = 0, hi = 0;
	int writable = 1;
	bool guarded;

	fd_guard_prepare(&guard, cfg->page_size + cfg->data_size);
	p->rd = reader_open_fd(p->ops)(&ring);
	if (!p->rd)
		judge_fail(p->j, "open-refused",
			   "open_fd refused a conforming %s ring",
			   fake_ring_mode_name(cfg));
	writable = fd_reader_mapping(ring.fd, fake_ring_base(p->ring),
				     fake_ring_control_page(p->ring),
				     fd_guard_room(&guard), &lo, &hi);
	/* a forward ring mapped read-only cannot be consumed, and faults on
	 * the first consume: only a backward ring's mode depends on it */
	if (!cfg->backward && writable >= 0)
		writable = 1;
	if (writable == -2)
		judge_fail(p->j, "scenario-error", "cannot read /proc/self/maps");
	if (writable < 0)
		judge_fail(p->j, "open-fd-unmapped",
			   "open_fd did not map the ring's control page from "
			   "the fd it was given");
	guarded = fd_guard_settle(&guard, lo, hi);
	judge_reader_mapping(p->j, lo + cfg->page_size, hi,
			     cfg->backward && writable, guarded);
	fake_ring_set_overwrite(p->ring, !writable);
}

/* After the steps: the writer settles and the reader drains. */
static void final_drain(struct player *p)
{
	int i;

	judge_at_step(p->j, p->s->nsteps);
	while (p->ntokens)
		fake_ring_commit(p->ring, p->tokens[--p->ntokens]);
	fake_ring_publish_head(p->ring);
	judge_head_stale(p->j, false);
	judge_writer_acted(p->j);
	if (judge_ring_is_corrupted(p->j))
		return;
	if (p->overwrite) {
		fake_ring_pause(p->ring, true);
		if (p->callback) {
			play_drain_cycle(p, p->s->nsteps, p->s->nsteps, true);
			return;
		}
		play_init(p);
		play_reader_step(p, &(struct step){ .op = RD_DRAIN });
		play_done(p);
		return;
	}
	fake_ring_pause(p->ring, false);
	for (i = 0; i < DRAIN_CYCLES && p->callback; i++) {
		size_t rows = judge_rows_delivered(p->j);

		play_drain_cycle(p, p->s->nsteps, p->s->nsteps, true);
		if (rows == judge_rows_delivered(p->j))
			break;
	}
	for (i = 0; i < DRAIN_CYCLES && !p->callback; i++) {
		play_init(p);
		if (!judge_in_cycle(p->j))
			break;
		/* in the way the reader releases */
		if (reader_caps(p->ops) & RINGCHECK_CAP_RELEASE_RECORD) {
			play_reader_step(p, &(struct step){ .op = RD_DRAIN_EACH });
		} else {
			play_reader_step(p, &(struct step){ .op = RD_DRAIN });
			play_consume(p);
		}
		play_done(p);
	}
	judge_final_owed(p->j);
}

static void play_steps(struct player *p)
{
	const struct scenario *s = p->s;
	struct ringcheck_ring desc;
	const struct fake_ring_config *cfg = fake_ring_config(p->ring);
	int i;

	/* an fd reader maps the ring before anything is written, as a perf
	 * fd is mapped before its event is enabled */
	if (reader_open_fd(p->ops))
		open_by_fd(p);
	/* what the kernel wrote before a reader given the mapping came */
	for (i = 0; i < s->nhistory; i++) {
		judge_at_step(p->j, i);
		play_writer_step(p, &s->steps[i]);
	}
	if (!p->rd) {
		desc = (struct ringcheck_ring){ fake_ring_base(p->ring),
						cfg->page_size, cfg->data_size,
						cfg->overwrite };
		judge_reader_opened(p->j);
		p->rd = p->ops->open(&desc);
		if (!p->rd)
			judge_fail(p->j, "open-refused",
				   "open refused a conforming %s ring",
				   fake_ring_mode_name(cfg));
	}
	for (; i < s->nsteps; i++) {
		judge_at_step(p->j, i);
		if (s->steps[i].op < RD_INIT)
			play_writer_step(p, &s->steps[i]);
		else if (p->callback && s->steps[i].op == RD_INIT)
			i = play_drain_cycle(p, i, play_cycle_end(s, i), false);
		else
			play_reader_step(p, &s->steps[i]);
	}
	final_drain(p);
}

void play_scenario(const struct scenario *s,
		   const struct ringcheck_reader_ops *ops,
		   struct judge_result *res, FILE *report)
{
	struct fake_ring_config ring_cfg;
	struct player *p;

	if (s->evlist) {	/* many rings: play_evlist.c */
		play_evlist(s, ops, res, report);
		return;
	}
	memset(res, 0, sizeof(*res));
	if (scenario_unsupported(s, ops)) {
		res->verdict = VERDICT_SKIP;
		snprintf(res->msg, sizeof(res->msg), "unsupported: %s",
			 scenario_unsupported(s, ops));
		return;
	}
	p = calloc(1, sizeof(*p));
	p->adapted = p ? malloc(sizeof(*p->adapted)) : NULL;
	if (!p || !p->adapted)
		abort();
	/* played in the way the reader releases (capabilities.h) */
	s = scenario_for_reader(s, ops, p->adapted);
	if (s->too_long) {
		res->verdict = VERDICT_SKIP;
		snprintf(res->msg, sizeof(res->msg), "unsupported: more "
			 "steps in this reader's usage than a case holds");
		free(p->adapted);
		free(p);
		return;
	}
	p->s = s;
	p->ops = ops;
	ring_cfg = s->cfg;
	if (reader_open_fd(ops))
		ring_cfg.flags |= FAKE_RING_READER_MAPS;
	p->ring = get_ring(&ring_cfg);
	p->overwrite = fake_ring_config(p->ring)->overwrite;
	p->callback = !ops->read_init && reader_drain(ops);
	/* the last case's buffer: a fresh one costs a fuzzer under a
	 * sanitizer more than its case */
	p->rec = __atomic_exchange_n(&spare_rec, NULL, __ATOMIC_ACQ_REL);
	if (!p->rec)
		p->rec = malloc(65536);
	p->j = judge_new(s, p->ring, res, &p->fail);
	if (!p->rec || !p->j)
		abort();

	play_set_current(p);
	if (setjmp(p->fail) == 0) {
		play_steps(p);
		res->verdict = VERDICT_PASS;
	} else if (report) {
		judge_report(p->j, report);
	}
	play_set_current(NULL);
	/* a reader that crashed is not called again: the worker dies */
	if (p->rd && !p->faulted)
		ops->close(p->rd);
	if (reader_open_fd(ops))
		fd_reader_closed();
	fake_ring_set_overwrite(p->ring, s->cfg.overwrite);
	judge_control_rest(p->j);
	judge_free(p->j);
	free(__atomic_exchange_n(&spare_rec, p->rec, __ATOMIC_ACQ_REL));
	free(p->adapted);
	free(p);
}
