// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each enumerated parameter's names, in the order of its values, as the
 * family's file documents them next to its NAME_params[].
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "families.h"
#include "param_names.h"

struct param_values {
	const char		*family;	/* NULL: every family */
	const char		*param;
	const char *const	*names;
	int			n;
};

/* enum cycle_pattern's first two: consume after each record, or once */
static const char *const release[] = { "per-record", "per-cycle" };
static const char *const fill[] = { "half", "capacity", "overflow",
				    "quarter", "twice-capacity" };
static const char *const freed[] = { "one", "two", "all" };
static const char *const first_cycle[] = { "after-round-1",
					   "before-round-1",
					   "after-then-larger-than-ring" };
static const char *const interleaving[] = { "round-robin", "reversed",
					    "random", "cpu-after-cpu" };
static const char *const direction[] = { "behind", "ahead" };
static const char *const layout[] = { "perf-record", "plain" };

#define VALUES(f, p, a)	{ f, p, a, (int)N(a) }

static const struct param_values table[] = {
	VALUES(NULL, "mode", family_modes),
	VALUES("wrap", "release", release),
	VALUES("forward", "release", release),
	VALUES("interleave", "pattern", release),
	VALUES("kernel-images", "pattern", release),
	VALUES("forward", "fill", fill),
	VALUES("lost", "freed", freed),
	VALUES("overwrite", "first_cycle", first_cycle),
	VALUES("evlist-rings", "interleaving", interleaving),
	VALUES("evlist-skew", "direction", direction),
	VALUES("evlist-shared", "layout", layout),
};

int param_value_name(const char *family, const char *param, int64_t value,
		     char *buf, size_t len)
{
	size_t i;

	if (!strcmp(param, "kind") && !strncmp(family, "hostile", 7)) {
		hostile_kind_name(value, buf, len);
		return 0;
	}
	for (i = 0; i < N(table); i++) {
		const struct param_values *t = &table[i];

		if ((t->family && strcmp(t->family, family)) ||
		    strcmp(t->param, param))
			continue;
		if (value < 0 || value >= t->n)
			return -1;
		snprintf(buf, len, "%s", t->names[value]);
		return 0;
	}
	return -1;
}

void param_names_print(FILE *out)
{
	char name[32];
	size_t i;
	int v;

	for (i = 0; i < N(table); i++) {
		fprintf(out, "  %s (%s):", table[i].param,
			table[i].family ? table[i].family : "every family");
		for (v = 0; v < table[i].n; v++)
			fprintf(out, " %d %s%s", v, table[i].names[v],
				v + 1 < table[i].n ? "," : "\n");
	}
	fputs("  kind (hostile, hostile-push):", out);
	for (v = 0; !param_value_name("hostile", "kind", v, name,
				      sizeof(name)) &&
		    strcmp(name, "garbage-0"); v++)
		fprintf(out, " %d %s,", v, name);
	fprintf(out, " %d-... garbage-<n>\n", v);
}

/* "name=value ..." of a case's parameters, enumerated ones by name. */
void scenario_describe(const struct scenario *s, char *buf, size_t len)
{
	const char *const *name = families[s->family].params;
	char value[32];
	size_t n = 0;
	int k;

	buf[0] = 0;
	for (k = 0; k < s->nparams && name[k] && n < len; k++) {
		/* an enumerated value by its name; the id has the number */
		if (param_value_name(families[s->family].name, name[k],
				     s->params[k], value, sizeof(value)))
			snprintf(value, sizeof(value), "%" PRId64,
				 s->params[k]);
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s",
				      k ? " " : "", name[k], value);
	}
}
