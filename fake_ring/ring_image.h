/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ring images: a perf ring as a kernel left it, with the script that made
 * it, stored as text under fixtures/kernel/<kernel release>/NAME.ring:
 *
 *	ringcheck-ring-image 1
 *	kernel 6.18.44		the release it was captured on
 *	scenario comm-fill-lost
 *	mode fwd-rw		page_size 4096, data_size 4096,
 *	...			event_id, lost_trailer, data_head, data_tail
 *	step w HEX		a record the kernel wrote, its bytes
 *	step d SIZE		one it dropped or overwrote unseen: size only
 *	step t COUNTER		the reader stored data_tail
 *	step p / step r		PERF_EVENT_IOC_PAUSE_OUTPUT 1 / 0
 *	data OFFSET HEX		the data area, 64 bytes a line
 *
 * Replaying the steps into fake_ring must give the same head, tail and
 * data area: the kernel ABI check that runs without a kernel.
 */
#ifndef RING_IMAGE_H
#define RING_IMAGE_H

#include <stdint.h>
#include <stdio.h>

#include "fake_ring.h"

struct ring_image_step {
	char		op;		/* 'w', 'd', 't', 'p', 'r' */
	uint32_t	size;		/* w, d */
	uint64_t	tail;		/* t */
	uint8_t		*bytes;		/* w */
};

struct ring_image {
	char			kernel[72];
	char			scenario[64];
	struct fake_ring_config	cfg;	/* mode, sizes, event id, trailer */
	uint64_t		data_head, data_tail;
	struct ring_image_step	*steps;
	size_t			nsteps;
	uint8_t			*data;	/* data_size bytes */
};

/* 0, or -1 with a message naming the line. */
int ring_image_read(FILE *in, struct ring_image *img, char *err,
		    size_t errlen);
void ring_image_write(FILE *out, const struct ring_image *img);
void ring_image_free(struct ring_image *img);
void ring_image_add_step(struct ring_image *img, char op, uint32_t size,
			 uint64_t tail, const void *bytes);

/*
 * Replays the steps into a new fake ring (records never seen as synthetic
 * ones of their size). With known non-NULL (data_size bytes), marks the
 * bytes of the data area whose content is the kernel's: from seen records
 * or LOST records; a synthetic record's bytes are unknown. The caller
 * frees the ring.
 */
struct fake_ring *ring_image_replay(const struct ring_image *img,
				    uint8_t *known, char *err, size_t errlen);

#endif /* RING_IMAGE_H */
