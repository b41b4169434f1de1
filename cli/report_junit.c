// SPDX-License-Identifier: GPL-2.0-only
/*
 * --junit: JUnit XML for CI test reporters (GitLab, Jenkins, GitHub
 * actions). One testsuite per reader and family: a testcase per failing
 * case up to REPORT_JUNIT_CAP, one for the failures past the cap, one
 * summarising the passes, one for the skips with their reason. One
 * testsuite per reader for the kernel tests, a testcase each.
 */
#include <string.h>

#include "judge/diagnose.h"
#include "report.h"

/*
 * Text for attributes and content. XML 1.0 has no way to write most
 * control characters: they become '?'; so do bytes outside ASCII, which
 * need not be UTF-8 (a reader's name or path).
 */
static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		case '\n': fputs("&#10;", out); break;
		case '\t': fputs("&#9;", out); break;
		case '\r': fputs("&#13;", out); break;
		default:
			fputc(c < 0x20 || c > 0x7e ? '?' : c, out);
		}
	}
}

static void attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_text(out, value);
	fputc('"', out);
}

/* Seconds as JUnit writes them (the reporters sum them per suite). */
static void time_attr(FILE *out, double seconds)
{
	fprintf(out, " time=\"%.3f\"", seconds);
}

static void testcase_open(FILE *out, const char *reader, const char *suite,
			  const char *name, double seconds)
{
	fputs("    <testcase", out);
	attr(out, "name", name);
	fputs(" classname=\"ringcheck.", out);
	xml_text(out, reader);
	fputc('.', out);
	xml_text(out, suite);
	fputc('"', out);
	time_attr(out, seconds);
	fputs(">\n", out);
}

/* The time of family f's cases of status (-1: all), or of the failures
 * from the skip-th on. */
static double family_seconds(const struct run_report *rep, size_t r, int f,
			     int status, size_t skip)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < rep->n; i++) {
		const struct case_result *res = &rep->rr[r].results[i];

		if (rep->cases[i].family != f ||
		    (status >= 0 && res->status != status))
			continue;
		if (skip) {
			skip--;
			continue;
		}
		sum += res->seconds;
	}
	return sum;
}

static void failure_case(FILE *out, const struct run_report *rep, size_t r,
			 int f, size_t i)
{
	const struct case_result *res = &rep->rr[r].results[i];
	const struct judge_check *c = judge_check_find(res->check);
	char id[96], replay[4600];

	report_case_id(rep, i, id, sizeof(id));
	testcase_open(out, rep->rr[r].name, families[f].name, id,
		      res->seconds);
	fputs("      <failure", out);
	attr(out, "message", res->msg);
	attr(out, "type", res->check[0] ? res->check
				       : report_kind_name(res->kind));
	fputs(">", out);
	if (c && c->clause) {
		fprintf(out, "contract clause %d (", c->clause);
		xml_text(out, contract_clause_name(c->clause));
		fputs(")&#10;", out);
	}
	if (c && c->bug) {
		fputs("bug class ", out);
		xml_text(out, c->bug);
		fputs("&#10;", out);
	}
	fputs("replay: ", out);
	xml_text(out, report_replay(rep, r, id, replay, sizeof(replay)));
	fputs("</failure>\n    </testcase>\n", out);
}

static void family_suite(FILE *out, const struct run_report *rep, size_t r,
			 int f)
{
	const struct reader_result *rr = &rep->rr[r];
	const struct family_stats *fs = &rr->stats[f];
	size_t listed = fs->failed < REPORT_JUNIT_CAP ? fs->failed
						       : REPORT_JUNIT_CAP;
	size_t tests = listed + (fs->failed > listed) + (fs->passed > 0) +
		       (fs->skipped > 0) + (fs->not_run > 0), i, k = 0;
	char name[160];

	snprintf(name, sizeof(name), "%s: %s", rr->name, families[f].name);
	fputs("  <testsuite", out);
	attr(out, "name", name);
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		     "skipped=\"%d\"", tests,
		listed + (fs->failed > listed),
		(fs->skipped > 0) + (fs->not_run > 0));
	time_attr(out, family_seconds(rep, r, f, -1, 0));
	fputs(">\n", out);
	for (i = 0; i < rep->n && k < listed; i++)
		if (rep->cases[i].family == f &&
		    rr->results[i].status == CASE_FAILED) {
			failure_case(out, rep, r, f, i);
			k++;
		}
	if (fs->failed > listed) {
		snprintf(name, sizeof(name), "%zu more failing cases",
			 fs->failed - listed);
		testcase_open(out, rr->name, families[f].name, name,
			      family_seconds(rep, r, f, CASE_FAILED, listed));
		fprintf(out, "      <failure message=\"%zu failing cases past "
			     "the first %d; the --json report lists every "
			     "one\" type=\"more\"/>\n    </testcase>\n",
			fs->failed - listed, REPORT_JUNIT_CAP);
	}
	if (fs->passed) {
		snprintf(name, sizeof(name), "%zu cases passed", fs->passed);
		testcase_open(out, rr->name, families[f].name, name,
			      family_seconds(rep, r, f, CASE_PASSED, 0));
		fputs("    </testcase>\n", out);
	}
	if (fs->skipped) {
		const char *why = report_family_skip(rep, r, f);

		snprintf(name, sizeof(name), "%zu cases skipped", fs->skipped);
		testcase_open(out, rr->name, families[f].name, name,
			      family_seconds(rep, r, f, CASE_SKIPPED, 0));
		fputs("      <skipped", out);
		attr(out, "message", why ? why : "some cases skipped: see the "
						 "--json report");
		fputs("/>\n    </testcase>\n", out);
	}
	if (fs->not_run) {
		snprintf(name, sizeof(name), "%zu cases not run", fs->not_run);
		testcase_open(out, rr->name, families[f].name, name, 0);
		fputs("      <skipped message=\"not run (--fail-fast)\"/>\n"
		      "    </testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

static void kernel_suite(FILE *out, const struct run_report *rep, size_t r)
{
	const struct reader_result *rr = &rep->rr[r];
	const struct kernel_result *k = &rr->kernel;
	double seconds = 0;
	char name[160];
	size_t i;

	snprintf(name, sizeof(name), "%s: kernel", rr->name);
	fputs("  <testsuite", out);
	attr(out, "name", name);
	if (!k->ran) {
		/* asked for and missing: an error of the run */
		fputs(" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" "
		      "time=\"0\">\n", out);
		testcase_open(out, rr->name, "kernel", "kernel tests", 0);
		fputs("      <error", out);
		attr(out, "message", k->note);
		fputs(" type=\"missing\"/>\n    </testcase>\n  </testsuite>\n",
		      out);
		return;
	}
	for (i = 0; i < k->n; i++)
		seconds += k->tests[i].res.seconds;
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		     "skipped=\"%zu\"", k->n,
		report_kernel_count(k, CASE_FAILED),
		report_kernel_count(k, CASE_SKIPPED));
	time_attr(out, seconds);
	fputs(">\n", out);
	for (i = 0; i < k->n; i++) {
		const struct kernel_test *t = &k->tests[i];

		testcase_open(out, rr->name, "kernel", t->name,
			      t->res.seconds);
		if (t->res.status == CASE_FAILED) {
			fputs("      <failure", out);
			attr(out, "message", t->res.msg);
			fputs(" type=\"kernel\">replay: ", out);
			xml_text(out, t->replay);
			fputs("</failure>\n", out);
		} else if (t->res.status == CASE_SKIPPED) {
			fputs("      <skipped", out);
			attr(out, "message", t->res.msg);
			fputs("/>\n", out);
		}
		fputs("    </testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

int report_junit(FILE *out, const struct run_report *rep)
{
	size_t r;
	int f;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<testsuites name=\"ringcheck\">\n", out);
	for (r = 0; r < rep->nr; r++) {
		for (f = 0; f < nfamilies; f++)
			if (rep->rr[r].stats[f].cases)
				family_suite(out, rep, r, f);
		if (rep->kernel_asked)
			kernel_suite(out, rep, r);
	}
	fputs("</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}
