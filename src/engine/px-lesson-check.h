/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a lesson says you should see, as a check on the runs of its batch:
 * clauses separated by ';', all of which must hold. A clause is
 * METRIC(STRATEGY) OP VALUE, or fitted_p OP VALUE; OP is >=, <=, >, < or ==;
 * VALUE is a number, a number times the core count ("0.8*cores"), or for
 * verdict(…) a verdict's name ("io-bound"). The metrics:
 *   speedup(S)   wall time of sequential / wall time of S
 *   cpu(S)       CPU time / wall time of S
 *   cpu_cost(S)  CPU time of S / CPU time of sequential
 *   verdict(S)   px_verdict_to_string() of S's verdict
 *   lanes(S)     lanes on the timeline (threads, workers or event-loop slots)
 *   in_flight(S) the most tasks in progress at one instant
 *   failed(S)    tasks that failed
 *   pipe_mb(S)   megabytes through the workers' pipes
 *   fitted_p     P fitted to a scaling measurement
 * Lessons are data: a mistake in one is found by parsing, in a test. */

typedef enum
{
  PX_CHECK_MATCHED,
  PX_CHECK_MISMATCHED,
  /* A run it needs is missing or was stopped, or a value is unknown. */
  PX_CHECK_INCOMPLETE,
} PxCheckOutcome;

typedef struct _PxLessonCheck PxLessonCheck;

PxLessonCheck  *px_lesson_check_parse    (const char     *text,
                                          GError        **error);
void            px_lesson_check_free     (PxLessonCheck  *check);
/* The strategies the check reads, by name. */
gboolean        px_lesson_check_uses     (PxLessonCheck  *check,
                                          const char     *strategy);
/* runs: PxRunResults of one batch; fitted_p NAN when there is none.
 * report: one line per clause, what was measured against what was
 * expected, translated. */
PxCheckOutcome  px_lesson_check_evaluate (PxLessonCheck  *check,
                                          GPtrArray      *runs,
                                          double          fitted_p,
                                          guint           cores,
                                          char          **report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxLessonCheck, px_lesson_check_free)

G_END_DECLS
