/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "px-lesson-check.h"

G_BEGIN_DECLS

#define PX_TYPE_LESSON (px_lesson_get_type ())
G_DECLARE_FINAL_TYPE (PxLesson, px_lesson, PX, LESSON, GObject)

/* One lesson of the lecture: what it says (title, text, a Python snippet,
 * what you should see), the experiment that shows it (on the "run" or
 * "amdahl" page: workload, strategies, tasks, workers, latency, serial
 * fraction, …) and the check on its result. Lessons are data: they are
 * read from px-lessons.ui (see PxLessonBook), their texts translated. */
const char    *px_lesson_get_id            (PxLesson  *self);
const char    *px_lesson_get_title         (PxLesson  *self);
const char    *px_lesson_get_text          (PxLesson  *self);
const char    *px_lesson_get_snippet       (PxLesson  *self);
const char    *px_lesson_get_expect        (PxLesson  *self);
/* "run" or "amdahl" */
const char    *px_lesson_get_page          (PxLesson  *self);
/* "fetch", "decompress" or "amdahl" */
const char    *px_lesson_get_workload      (PxLesson  *self);
/* By name, in order. */
GStrv          px_lesson_dup_strategies    (PxLesson  *self);
guint          px_lesson_get_tasks         (PxLesson  *self);
/* "N", "cores", "K*cores" or "executor" (ThreadPoolExecutor's default,
 * min(32, cores + 4)) resolved for this many cores; 0 when malformed. */
guint          px_lesson_get_workers_for   (PxLesson  *self,
                                            guint      cores);
/* < 0: the page's current value is kept. */
int            px_lesson_get_latency_ms    (PxLesson  *self);
double         px_lesson_get_serial        (PxLesson  *self);
double         px_lesson_get_amdahl_p      (PxLesson  *self);
gboolean       px_lesson_get_pure_python   (PxLesson  *self);
gboolean       px_lesson_get_return_output (PxLesson  *self);
/* A decision table, rows "situation|tool" on lines, and for each row the
 * id of the lesson that runs its example; NULL when there is none. */
GStrv          px_lesson_dup_table_rows    (PxLesson  *self);
GStrv          px_lesson_dup_links         (PxLesson  *self);
/* NULL (with the reason) when the lesson is malformed. */
PxLessonCheck *px_lesson_parse_check       (PxLesson  *self,
                                            GError   **error);
/* Everything above well-formed. */
gboolean       px_lesson_validate          (PxLesson  *self,
                                            GError   **error);

G_END_DECLS
