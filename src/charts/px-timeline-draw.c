/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-charts"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-chart-private.h"
#include "px-timeline-draw.h"

/* Sizes are multiples of the font size (_EM) or of the theme's unit (_U),
 * so a chart keeps its proportions at any scale. */
#define GUTTER_EM          8.5
#define HEADER_EM          2.0
#define BUSY_EM            2.8
#define HEAT_MAX_EM        2.4
#define HEAT_ROW_U         4.
#define LANE_EM            1.9
#define SECTION_GAP_U      4.
#define BAND_GAP_EM        1.0
#define AXIS_EM            1.9
#define LEGEND_EM          2.0
#define LABEL_GAP_U        8.
/* A lane holding overlapping tasks grows by this much per sub-row, up to
 * MAX_LANE_EM; past that its sub-rows get thinner. */
#define SUBROW_EM          0.42
#define MAX_LANE_EM        14.0
/* Lanes never grow past this factor of their natural height. */
#define MAX_LANE_SCALE     1.6
#define HEAT_LEVELS        8
/* Pixels a bar needs, across and down, to be drawn as a bar rather than
 * as part of its lane's per-column coverage. */
#define MIN_BAR_PX         1.

/* What drawing needs of a task, copied when the tasks are packed: a redraw
 * reads these in order, and no record. */
typedef struct
{
  gint64 start_us;
  gint64 end_us;    /* of a running task, the band's now */
  gint64 cpu_us;
  gint64 cpu_wait_us; /* -1: unknown */
  guint  index;
  guint  running : 1;
  guint  failed : 1;
} Span;

typedef struct
{
  PxRunResult *run;
  double       now_us;      /* the span, or the latest start of a running task */
  guint        n_lanes;
  guint        n_placed;    /* tasks with a record */
  Span        *spans;       /* by lane, then by start */
  gint64      *max_end;     /* along spans: the latest end so far in its lane */
  guint       *lane_first;  /* n_lanes + 1 offsets into order */
  guint       *lane_rows;   /* sub-rows of each lane: tasks at once */
  guint       *row;         /* the sub-row of each task, by index */
  guint        peak_rows;
  guint        n_cores;     /* of the cpu samples, 0 without */

  /* Geometry */
  double       y;
  double       busy_y;
  double       busy_h;
  double       heat_y;
  double       heat_h;
  double       lanes_y;
  double      *lane_y;      /* n_lanes + 1 */
} Band;

struct _PxTimelineLayout
{
  GPtrArray *runs;
  Band      *bands;
  guint      n_bands;
  double     span_us;
  double     width;
  double     height;
  double     font_size;
  double     unit;
  double     plot_x;
  double     plot_w;
  double     t0_us;
  double     t1_us;
  double     axis_y;
  double     legend_y;
};

/* Timeline layout */

static gint64
record_end (const Band         *band,
            const PxTaskRecord *record)
{
  if (PX_TASK_RECORD_IS_RUNNING (record))
    return (gint64) band->now_us;
  return MAX (record->end_us, record->start_us);
}

static void
span_init (Span               *span,
           const Band         *band,
           const PxTaskRecord *record,
           guint               index)
{
  span->start_us = record->start_us;
  span->end_us = record_end (band, record);
  span->cpu_us = record->cpu_us;
  span->cpu_wait_us = record->cpu_wait_us;
  span->index = index;
  span->running = PX_TASK_RECORD_IS_RUNNING (record);
  span->failed = record->error != NULL;
}

typedef struct
{
  gint64 start;
  guint  lane;
  guint  index;
} SortItem;

static int
sort_item_compare (const void *a,
                   const void *b)
{
  const SortItem *x = a, *y = b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

/* Packs the tasks of each lane into sub-rows so that overlapping tasks (the
 * async event loop's) sit one above the other: each takes the lowest row
 * free at its start. Two min-heaps (busy rows by end, free rows by number)
 * keep that O(log rows) a task, so 1,000 in flight stay cheap. */
typedef struct
{
  gint64 key;
  guint  row;
} RowKey;

static gboolean
row_key_less (const RowKey *a,
              const RowKey *b)
{
  return a->key < b->key || (a->key == b->key && a->row < b->row);
}

static void
heap_swap (GArray *heap,
           guint   i,
           guint   j)
{
  RowKey tmp = g_array_index (heap, RowKey, i);

  g_array_index (heap, RowKey, i) = g_array_index (heap, RowKey, j);
  g_array_index (heap, RowKey, j) = tmp;
}

static void
heap_push (GArray *heap,
           gint64  key,
           guint   row)
{
  RowKey item = { key, row };
  guint i;

  g_array_append_val (heap, item);
  for (i = heap->len - 1; i > 0 && row_key_less (&g_array_index (heap, RowKey, i),
                                                 &g_array_index (heap, RowKey, (i - 1) / 2));
       i = (i - 1) / 2)
    heap_swap (heap, i, (i - 1) / 2);
}

static RowKey
heap_pop (GArray *heap)
{
  RowKey top = g_array_index (heap, RowKey, 0);
  guint i = 0;

  heap_swap (heap, 0, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < heap->len && row_key_less (&g_array_index (heap, RowKey, l), &g_array_index (heap, RowKey, m)))
        m = l;
      if (r < heap->len && row_key_less (&g_array_index (heap, RowKey, r), &g_array_index (heap, RowKey, m)))
        m = r;
      if (m == i)
        break;
      heap_swap (heap, i, m);
      i = m;
    }

  return top;
}

static void
band_pack (Band        *band,
           PxRunResult *run)
{
  guint n_tasks = px_run_result_get_n_tasks (run);
  g_autofree SortItem *items = g_new (SortItem, MAX (n_tasks, 1));
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (RowKey));
  g_autoptr(GArray) free_rows = g_array_new (FALSE, FALSE, sizeof (RowKey));
  guint n = 0;
  gint64 span = px_run_result_get_span_us (run);

  band->run = run;
  band->n_lanes = px_run_result_get_n_lanes (run);
  band->now_us = span;

  for (guint i = 0; i < n_tasks; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (run, i);

      if (record == NULL)
        continue;
      if (PX_TASK_RECORD_IS_RUNNING (record))
        band->now_us = MAX (band->now_us, record->start_us);
      else
        band->now_us = MAX (band->now_us, record->end_us);
      band->n_lanes = MAX (band->n_lanes, record->lane + 1);
      n++;
    }

  /* By lane, counting, then by start: tasks mostly start in the order of
   * their index, so a lane rarely needs sorting. */
  band->lane_first = g_new0 (guint, band->n_lanes + 1);
  for (guint i = 0; i < n_tasks; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (run, i);

      if (record != NULL)
        band->lane_first[record->lane + 1]++;
    }
  for (guint lane = 0; lane < band->n_lanes; lane++)
    band->lane_first[lane + 1] += band->lane_first[lane];
  {
    g_autofree guint *next = g_memdup2 (band->lane_first, band->n_lanes * sizeof (guint));

    for (guint i = 0; i < n_tasks; i++)
      {
        const PxTaskRecord *record = px_run_result_get_task (run, i);
        SortItem *item;

        if (record == NULL)
          continue;
        item = &items[next[record->lane]++];
        item->start = record->start_us;
        item->lane = record->lane;
        item->index = i;
      }
  }
  for (guint lane = 0; lane < band->n_lanes; lane++)
    {
      guint first = band->lane_first[lane], last = band->lane_first[lane + 1];

      for (guint k = first + 1; k < last; k++)
        if (sort_item_compare (&items[k - 1], &items[k]) > 0)
          {
            qsort (items + first, last - first, sizeof *items, sort_item_compare);
            break;
          }
    }

  band->n_placed = n;
  band->spans = g_new (Span, MAX (n, 1));
  band->max_end = g_new (gint64, MAX (n, 1));
  band->lane_rows = g_new (guint, MAX (band->n_lanes, 1));
  band->row = g_new0 (guint, MAX (n_tasks, 1));
  band->lane_y = g_new0 (double, band->n_lanes + 1);
  band->peak_rows = 1;

  for (guint lane = 0, k = 0; lane < band->n_lanes; lane++)
    {
      guint rows = 0;
      gint64 max_end = G_MININT64;

      g_array_set_size (busy, 0);
      g_array_set_size (free_rows, 0);

      for (; k < n && items[k].lane == lane; k++)
        {
          const PxTaskRecord *record = px_run_result_get_task (run, items[k].index);
          gint64 end = record_end (band, record);
          guint row;

          span_init (&band->spans[k], band, record, items[k].index);
          /* Starts only grow: a row free now stays free for the rest. */
          while (busy->len > 0 && g_array_index (busy, RowKey, 0).key <= record->start_us)
            {
              RowKey freed = heap_pop (busy);

              heap_push (free_rows, freed.row, freed.row);
            }
          row = free_rows->len > 0 ? heap_pop (free_rows).row : rows++;
          heap_push (busy, end, row);
          band->row[items[k].index] = row;
          max_end = MAX (max_end, end);
          band->max_end[k] = max_end;
        }

      band->lane_rows[lane] = MAX (rows, 1);
      band->peak_rows = MAX (band->peak_rows, band->lane_rows[lane]);
    }
  if (px_run_result_get_n_cpu_samples (run) > 0)
    {
      gint64 t;

      px_run_result_get_cpu_sample (run, 0, &t, &band->n_cores);
    }
}

static void
band_clear (Band *band)
{
  g_free (band->spans);
  g_free (band->max_end);
  g_free (band->lane_first);
  g_free (band->lane_rows);
  g_free (band->row);
  g_free (band->lane_y);
}

static double
lane_natural_height (const Band *band,
                     guint       lane,
                     double      f)
{
  return CLAMP (band->lane_rows[lane] * SUBROW_EM * f, LANE_EM * f, MAX_LANE_EM * f);
}

static double
heat_height (const Band *band,
             double      f,
             double      u)
{
  if (band->n_cores == 0)
    return 0.;
  return MIN (band->n_cores * HEAT_ROW_U * u, HEAT_MAX_EM * f);
}

/* The fixed heights of a band (title, strips, gaps) and of its lanes. */
static void
band_heights (const Band *band,
              double      f,
              double      u,
              double     *fixed,
              double     *lanes)
{
  double h = heat_height (band, f, u);
  double gap = SECTION_GAP_U * u;

  *fixed = HEADER_EM * f + BUSY_EM * f + gap + (h > 0 ? h + gap : 0) + BAND_GAP_EM * f;
  *lanes = 0;
  for (guint lane = 0; lane < band->n_lanes; lane++)
    *lanes += lane_natural_height (band, lane, f);
}

static void
layout_bands (PxTimelineLayout *layout,
              GPtrArray        *runs)
{
  layout->runs = g_ptr_array_ref (runs);
  layout->n_bands = runs->len;
  layout->bands = g_new0 (Band, MAX (runs->len, 1));
  layout->span_us = 0.;
  for (guint i = 0; i < runs->len; i++)
    {
      band_pack (&layout->bands[i], g_ptr_array_index (runs, i));
      layout->span_us = MAX (layout->span_us, layout->bands[i].now_us);
    }
  if (layout->span_us <= 0.)
    layout->span_us = 1000.;
}

static double
chrome_height (double f,
               double u)
{
  return 2 * PX_CHART_MARGIN * u + AXIS_EM * f + LEGEND_EM * f;
}

double
px_timeline_get_natural_height (const PxChartTheme *theme,
                                GPtrArray          *runs)
{
  PxTimelineLayout layout = { 0 };
  double f, u, total;

  g_return_val_if_fail (theme != NULL, 0.);

  f = px_chart_theme_get_font (theme);
  u = theme->scale;
  if (runs == NULL || runs->len == 0)
    return 12 * f;

  layout_bands (&layout, runs);
  total = chrome_height (f, u);
  for (guint i = 0; i < layout.n_bands; i++)
    {
      double fixed, lanes;

      band_heights (&layout.bands[i], f, u, &fixed, &lanes);
      total += fixed + lanes;
      band_clear (&layout.bands[i]);
    }
  g_free (layout.bands);
  g_ptr_array_unref (layout.runs);

  return ceil (total);
}

PxTimelineLayout *
px_timeline_layout_new (const PxChartTheme *theme,
                        GPtrArray          *runs,
                        double              width,
                        double              height,
                        double              t0_us,
                        double              t1_us)
{
  PxTimelineLayout *layout;

  g_return_val_if_fail (theme != NULL, NULL);
  g_return_val_if_fail (runs != NULL, NULL);

  layout = g_new0 (PxTimelineLayout, 1);
  layout_bands (layout, runs);
  px_timeline_layout_set_view (layout, theme, width, height, t0_us, t1_us);

  return layout;
}

void
px_timeline_layout_set_view (PxTimelineLayout   *layout,
                             const PxChartTheme *theme,
                             double              width,
                             double              height,
                             double              t0_us,
                             double              t1_us)
{
  double f, u, fixed_total = 0., lanes_total = 0., scale, y, gap;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (theme != NULL);

  f = px_chart_theme_get_font (theme);
  u = theme->scale;
  gap = SECTION_GAP_U * u;
  layout->width = width;
  layout->height = height;
  layout->font_size = f;
  layout->unit = u;
  layout->plot_x = round (PX_CHART_MARGIN * u + GUTTER_EM * f);
  layout->plot_w = MAX (round (width - layout->plot_x - PX_CHART_MARGIN * u - f), 1.);

  if (t1_us <= t0_us)
    {
      t0_us = 0.;
      t1_us = layout->span_us;
    }
  layout->t0_us = t0_us;
  layout->t1_us = t1_us;

  for (guint i = 0; i < layout->n_bands; i++)
    {
      double fixed, lanes;

      band_heights (&layout->bands[i], f, u, &fixed, &lanes);
      fixed_total += fixed;
      lanes_total += lanes;
    }
  scale = lanes_total > 0 ? (height - chrome_height (f, u) - fixed_total) / lanes_total : 1.;
  scale = CLAMP (scale, 0.05, MAX_LANE_SCALE);

  y = PX_CHART_MARGIN * u;
  for (guint i = 0; i < layout->n_bands; i++)
    {
      Band *band = &layout->bands[i];

      band->y = y;
      band->busy_y = round (y + HEADER_EM * f);
      band->busy_h = round (BUSY_EM * f);
      band->heat_y = band->busy_y + band->busy_h + round (gap);
      band->heat_h = round (heat_height (band, f, u));
      band->lanes_y = band->heat_y + (band->heat_h > 0 ? band->heat_h + round (gap) : 0);

      band->lane_y[0] = round (band->lanes_y);
      for (guint lane = 0; lane < band->n_lanes; lane++)
        band->lane_y[lane + 1] = round (band->lane_y[lane] + MAX (lane_natural_height (band, lane, f) * scale, 1.));
      y = band->lane_y[band->n_lanes] + BAND_GAP_EM * f;
    }
  layout->axis_y = round (y - BAND_GAP_EM * f + gap);
  layout->legend_y = layout->axis_y + AXIS_EM * f;
}

void
px_timeline_layout_free (PxTimelineLayout *layout)
{
  if (layout == NULL)
    return;

  for (guint i = 0; i < layout->n_bands; i++)
    band_clear (&layout->bands[i]);
  g_free (layout->bands);
  g_ptr_array_unref (layout->runs);
  g_free (layout);
}

void
px_timeline_layout_get_window (PxTimelineLayout *layout,
                               double           *t0_us,
                               double           *t1_us)
{
  g_return_if_fail (layout != NULL);

  if (t0_us != NULL)
    *t0_us = layout->t0_us;
  if (t1_us != NULL)
    *t1_us = layout->t1_us;
}

double
px_timeline_layout_get_span (PxTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0.);

  return layout->span_us;
}

void
px_timeline_layout_get_plot (PxTimelineLayout *layout,
                             double           *x,
                             double           *width)
{
  g_return_if_fail (layout != NULL);

  if (x != NULL)
    *x = layout->plot_x;
  if (width != NULL)
    *width = layout->plot_w;
}

static double
time_to_x (const PxTimelineLayout *layout,
           double                  t_us)
{
  return layout->plot_x + (t_us - layout->t0_us) / (layout->t1_us - layout->t0_us) * layout->plot_w;
}

/* The tasks of a lane that may show in the window, as a range of order:
 * starts are sorted and the running maximum of ends grows, so two binary
 * searches find it. */
static void
lane_visible (const PxTimelineLayout *layout,
              const Band             *band,
              guint                   lane,
              guint                  *first,
              guint                  *last)
{
  guint lo = band->lane_first[lane], hi = band->lane_first[lane + 1];
  guint a = lo, b = hi;

  while (a < b)
    {
      guint mid = a + (b - a) / 2;

      if ((double) band->max_end[mid] < layout->t0_us)
        a = mid + 1;
      else
        b = mid;
    }
  *first = a;

  b = hi;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      if ((double) band->spans[mid].start_us <= layout->t1_us)
        a = mid + 1;
      else
        b = mid;
    }
  *last = a;
}

/* The unsnapped horizontal extent of a task, clipped to the window;
 * FALSE outside it. */
static gboolean
task_extent (const PxTimelineLayout *layout,
             const Span             *span,
             double                 *x0,
             double                 *x1)
{
  double start = span->start_us;
  double end = span->end_us;

  if (end < layout->t0_us || start > layout->t1_us)
    return FALSE;
  *x0 = time_to_x (layout, MAX (start, layout->t0_us));
  *x1 = time_to_x (layout, MIN (end, layout->t1_us));
  return TRUE;
}

static double
sub_row_height (const Band *band,
                guint       lane)
{
  return (band->lane_y[lane + 1] - band->lane_y[lane]) / band->lane_rows[lane];
}

static void
row_extent (const PxTimelineLayout *layout,
            const Band             *band,
            guint                   lane,
            guint                   row,
            double                 *y,
            double                 *h)
{
  double u = layout->unit;
  double top = band->lane_y[lane];
  double sub_h = sub_row_height (band, lane);
  double pad_top = 0., pad_bottom = 0., y0, y1;

  /* A gap between sub-rows keeps stacked bars countable. */
  if (sub_h >= 12. * u)
    pad_top = pad_bottom = round (3. * u);
  else if (sub_h >= 3. * u)
    pad_bottom = round (u);

  y0 = round (top + row * sub_h + pad_top);
  y1 = round (top + (row + 1) * sub_h - pad_bottom);
  *y = y0;
  *h = MAX (y1 - y0, 1.);
}

/* Bars snap to whole pixels and lose a unit at their end, so neighbours
 * on a lane stay apart. */
static void
snap_extent (const PxTimelineLayout *layout,
             double                  x0,
             double                  x1,
             double                 *sx,
             double                 *sw)
{
  double a = round (x0), b = round (x1);
  double gap = round (layout->unit);

  if (b - a >= 4. * gap)
    b -= gap;
  *sx = a;
  *sw = MAX (b - a, 1.);
}

gboolean
px_timeline_layout_get_task_rect (PxTimelineLayout *layout,
                                  guint             run,
                                  guint             index,
                                  PxChartRect      *rect)
{
  const PxTaskRecord *record;
  const Band *band;
  Span span;
  double x0, x1, x, w, y, h;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (run >= layout->n_bands)
    return FALSE;
  band = &layout->bands[run];
  if (index >= px_run_result_get_n_tasks (band->run))
    return FALSE;
  record = px_run_result_get_task (band->run, index);
  if (record == NULL || record->lane >= band->n_lanes)
    return FALSE;
  span_init (&span, band, record, index);
  if (!task_extent (layout, &span, &x0, &x1))
    return FALSE;

  snap_extent (layout, x0, x1, &x, &w);
  row_extent (layout, band, record->lane, band->row[index], &y, &h);
  rect->x = x;
  rect->y = y;
  rect->width = w;
  rect->height = h;

  return TRUE;
}

gboolean
px_timeline_layout_hit_test (PxTimelineLayout *layout,
                             double            x,
                             double            y,
                             guint            *run,
                             guint            *index)
{
  double slack;

  g_return_val_if_fail (layout != NULL, FALSE);

  /* Tiny bars are hard to hit: accept a few pixels off. */
  slack = 3. * layout->unit;
  for (guint i = 0; i < layout->n_bands; i++)
    {
      const Band *band = &layout->bands[i];

      if (band->n_lanes == 0 || y < band->lane_y[0] || y >= band->lane_y[band->n_lanes])
        continue;

      for (guint lane = 0; lane < band->n_lanes; lane++)
        {
          double best = G_MAXDOUBLE;
          gint best_index = -1;
          guint first, last;

          if (y < band->lane_y[lane] || y >= band->lane_y[lane + 1])
            continue;

          lane_visible (layout, band, lane, &first, &last);
          for (guint k = first; k < last; k++)
            {
              const Span *span = &band->spans[k];
              double x0, x1, ry, rh, distance;

              if (!task_extent (layout, span, &x0, &x1) || x1 < x - slack || x0 > x + slack)
                continue;
              row_extent (layout, band, lane, band->row[span->index], &ry, &rh);
              distance = (x < x0 ? x0 - x : (x > x1 ? x - x1 : 0.)) +
                         (y < ry ? ry - y : (y > ry + rh ? y - ry - rh : 0.));
              if (distance < best && distance <= slack)
                {
                  best = distance;
                  best_index = span->index;
                }
            }

          if (best_index >= 0)
            {
              if (run != NULL)
                *run = i;
              if (index != NULL)
                *index = best_index;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static int
compare_start (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  PxRunResult *run = user_data;
  const PxTaskRecord *x = px_run_result_get_task (run, *(const guint *) a);
  const PxTaskRecord *y = px_run_result_get_task (run, *(const guint *) b);

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

gboolean
px_timeline_layout_step_task (PxTimelineLayout *layout,
                              guint             run,
                              guint             index,
                              int               direction,
                              guint            *next)
{
  const Band *band;
  const PxTaskRecord *from = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);

  if (run >= layout->n_bands)
    return FALSE;
  band = &layout->bands[run];
  if (index != G_MAXUINT)
    {
      from = index < px_run_result_get_n_tasks (band->run) ? px_run_result_get_task (band->run, index) : NULL;
      if (from == NULL)
        return FALSE;
    }

  /* One pass over the tasks: a key press, not a frame. */
  for (guint k = 0; k < band->n_placed; k++)
    {
      guint candidate = band->spans[k].index;
      int after, better;

      if (from != NULL)
        {
          after = compare_start (&candidate, &index, band->run);
          if (direction > 0 ? after <= 0 : after >= 0)
            continue;
        }
      better = found ? compare_start (&candidate, next, band->run) : 0;
      if (!found || (direction > 0 ? better < 0 : better > 0))
        {
          *next = candidate;
          found = TRUE;
        }
    }

  return found;
}

/* Timeline drawing */

static const char *
lane_title (PxStrategy strategy,
            guint      n_lanes,
            guint      lane,
            char      *buffer,
            gsize      size)
{
  switch (strategy)
    {
    case PX_STRATEGY_SEQUENTIAL:
      /* One worker thread: the main loop stays free for the window. */
      return _("worker thread");
    case PX_STRATEGY_ASYNC:
      if (n_lanes == 1)
        return _("event loop");
      g_snprintf (buffer, size, _("loop %u"), lane + 1);
      return buffer;
    case PX_STRATEGY_PROCESSES:
      g_snprintf (buffer, size, _("process %u"), lane + 1);
      return buffer;
    case PX_STRATEGY_THREADS:
    case PX_STRATEGY_GIL:
    default:
      g_snprintf (buffer, size, _("thread %u"), lane + 1);
      return buffer;
    }
}

static char *
band_summary (const Band *band)
{
  PxRunResult *run = band->run;
  GString *s = g_string_new (NULL);
  guint n_tasks = px_run_result_get_n_tasks (run);
  guint failed = px_run_result_get_tasks_failed (run);
  gint64 wall = px_run_result_get_wall_us (run);
  double speedup = px_run_result_get_speedup (run);

  g_string_append_printf (s, ngettext ("%u lane", "%u lanes", band->n_lanes), band->n_lanes);
  g_string_append (s, "  ·  ");
  g_string_append_printf (s, ngettext ("%u task", "%u tasks", n_tasks), n_tasks);
  if (band->peak_rows > 1)
    {
      g_string_append (s, "  ·  ");
      if (band->n_lanes == 1)
        g_string_append_printf (s, _("up to %u in flight on one lane"), band->peak_rows);
      else
        g_string_append_printf (s, _("up to %u in flight per lane"), band->peak_rows);
    }
  if (failed > 0)
    {
      g_string_append (s, "  ·  ");
      g_string_append_printf (s, ngettext ("%u failed", "%u failed", failed), failed);
    }
  if (wall > 0)
    {
      g_autofree char *d = px_chart_format_duration (wall);

      g_string_append (s, "  ·  ");
      g_string_append_printf (s, _("wall %s"), d);
    }
  if (!isnan (speedup) && px_run_result_get_strategy (run) != PX_STRATEGY_SEQUENTIAL)
    {
      g_string_append (s, "  ·  ");
      g_string_append_printf (s, _("%.2f× sequential"), speedup);
    }

  return g_string_free (s, FALSE);
}

/* Adds v per pixel over [x0, x1) to an array of pixel columns: whole
 * columns through the difference array diff (n_cols + 1, summed later),
 * the partial ones at both ends directly, so each task costs O(1). */
static void
coverage_add (double *cov,
              double *diff,
              guint   n_cols,
              double  x0,
              double  x1,
              double  v)
{
  guint c0, c1;

  x0 = CLAMP (x0, 0., (double) n_cols);
  x1 = CLAMP (x1, x0, (double) n_cols);
  c0 = (guint) x0;
  c1 = (guint) x1;
  if (c0 == c1)
    {
      if (c0 < n_cols)
        cov[c0] += v * (x1 - x0);
      return;
    }
  cov[c0] += v * (c0 + 1 - x0);
  diff[c0 + 1] += v;
  diff[c1] -= v;
  if (c1 < n_cols)
    cov[c1] += v * (x1 - c1);
}

static void
coverage_sum (double *cov,
              double *diff,
              guint   n_cols)
{
  double acc = 0.;

  for (guint c = 0; c < n_cols; c++)
    {
      acc += diff[c];
      cov[c] += MAX (acc, 0.);
    }
}

static double
task_cpu_rate (const Span *span)
{
  double wall = span->end_us - span->start_us;

  return wall > 0 ? CLAMP ((double) span->cpu_us / wall, 0., 1.) : 1.;
}

/* The share of its time a task waited for a CPU, within what the CPU
 * left; 0 when unknown, so such a bar is drawn as before it was known. */
static double
task_cpu_wait_rate (const Span *span)
{
  double wall = span->end_us - span->start_us;

  if (span->cpu_wait_us < 0 || wall <= 0)
    return 0.;
  return CLAMP ((double) span->cpu_wait_us / wall, 0., 1. - task_cpu_rate (span));
}

/* How many tasks were on a CPU at each pixel column: each finished task
 * spreads cpu / wall over its interval. */
static double *
band_busy (const PxTimelineLayout *layout,
           const Band             *band,
           guint                   n_cols)
{
  double *busy = g_new0 (double, n_cols);
  g_autofree double *diff = g_new0 (double, n_cols + 1);

  for (guint lane = 0; lane < band->n_lanes; lane++)
    {
      guint first, last;

      lane_visible (layout, band, lane, &first, &last);
      for (guint k = first; k < last; k++)
        {
          const Span *span = &band->spans[k];
          double x0, x1;

          if (span->running || span->end_us <= span->start_us || !task_extent (layout, span, &x0, &x1))
            continue;
          coverage_add (busy, diff, n_cols, x0 - layout->plot_x, x1 - layout->plot_x, task_cpu_rate (span));
        }
    }
  coverage_sum (busy, diff, n_cols);

  return busy;
}

/* Per-column spans are written straight into an image of the band and
 * composited once: as thousands of boxes of one pixel's width, cairo would
 * spend more time on each box than on its pixels. */
typedef struct
{
  cairo_surface_t *surface;
  guint32         *data;
  int              stride;  /* in pixels */
  int              width;
  int              height;
  double           x;       /* where the image goes */
  double           y;
} ColumnImage;

static void
column_image_begin (ColumnImage *image,
                    double       x,
                    double       y,
                    int          width,
                    int          height)
{
  if (image->surface == NULL || image->width < width || image->height < height)
    {
      g_clear_pointer (&image->surface, cairo_surface_destroy);
      image->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1), MAX (height, 1));
      image->width = MAX (width, 1);
      image->height = MAX (height, 1);
    }
  cairo_surface_flush (image->surface);
  image->data = (guint32 *) (gpointer) cairo_image_surface_get_data (image->surface);
  image->stride = cairo_image_surface_get_stride (image->surface) / 4;
  memset (image->data, 0, (gsize) image->stride * 4 * MAX (height, 1));
  image->x = x;
  image->y = y;
}

static void
column_image_clear (ColumnImage *image)
{
  g_clear_pointer (&image->surface, cairo_surface_destroy);
}

/* Cairo's ARGB32: premultiplied, native endian. */
static guint32
column_pixel (const PxChartColor *color,
              double              alpha)
{
  double a = CLAMP (color->alpha * alpha, 0., 1.);

  return ((guint32) round (a * 255.) << 24) | ((guint32) round (color->red * a * 255.) << 16) |
         ((guint32) round (color->green * a * 255.) << 8) | (guint32) round (color->blue * a * 255.);
}

/* Column c covers rows top[c] to bottom[c] (chart coordinates). */
static void
column_image_spans (ColumnImage  *image,
                    const double *top,
                    const double *bottom,
                    guint         n_cols,
                    guint32       pixel)
{
  n_cols = MIN (n_cols, (guint) image->width);
  for (guint c = 0; c < n_cols; c++)
    {
      int y0 = (int) CLAMP (top[c] - image->y, 0., (double) image->height);
      int y1 = (int) CLAMP (bottom[c] - image->y, 0., (double) image->height);

      for (int y = y0; y < y1; y++)
        image->data[(gsize) y * image->stride + c] = pixel;
    }
}

static void
column_image_paint (cairo_t     *cr,
                    ColumnImage *image,
                    int          width,
                    int          height)
{
  cairo_surface_mark_dirty (image->surface);
  cairo_save (cr);
  cairo_set_source_surface (cr, image->surface, image->x, image->y);
  cairo_rectangle (cr, image->x, image->y, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_busy_columns (const PxChartTheme     *theme,
                   const Band             *band,
                   const double           *busy,
                   guint                   n_cols,
                   double                  y_max,
                   ColumnImage            *image,
                   double                 *top,
                   double                 *bottom)
{
  const PxChartColor *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  double base = band->busy_y + band->busy_h;
  double scale = band->busy_h / y_max;

  for (guint c = 0; c < n_cols; c++)
    {
      top[c] = base - round (MIN (busy[c], y_max) * scale);
      bottom[c] = base;
    }
  column_image_spans (image, top, bottom, n_cols, column_pixel (color, 0.55));
}

/* The strip's ground goes under its columns, the line of the cores and
 * the labels over them. */
static void
draw_busy_ground (cairo_t                *cr,
                  const PxChartTheme     *theme,
                  const PxTimelineLayout *layout,
                  const Band             *band)
{
  px_chart_set_source (cr, &theme->grid, 0.5);
  cairo_rectangle (cr, layout->plot_x, band->busy_y, layout->plot_w, band->busy_h);
  cairo_fill (cr);
}

static void
draw_busy_strip (cairo_t                *cr,
                 const PxChartTheme     *theme,
                 PxChartText            *text,
                 const PxTimelineLayout *layout,
                 const Band             *band,
                 double                  y_max,
                 guint                   n_cores)
{
  double u = layout->unit;
  double base = band->busy_y + band->busy_h;
  double scale = band->busy_h / y_max;
  double lw = px_chart_line_width (theme, 1.);
  double line_y = px_chart_snap (base - n_cores * scale, lw);
  const double dashes[] = { 5. * u, 3. * u };
  char label[64];

  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  px_chart_set_source (cr, &theme->foreground, 0.7);
  cairo_move_to (cr, layout->plot_x, line_y);
  cairo_line_to (cr, layout->plot_x + layout->plot_w, line_y);
  cairo_stroke (cr);
  cairo_restore (cr);

  g_snprintf (label, sizeof label, ngettext ("%u core", "%u cores", n_cores), n_cores);
  px_chart_text_draw (text, label, layout->plot_x + layout->plot_w - 4 * u, line_y - u, 1., 1., &theme->muted, 0.8,
                      PX_CHART_TEXT_NORMAL);
  px_chart_text_draw (text, _("cores busy"), layout->plot_x - LABEL_GAP_U * u, band->busy_y + band->busy_h / 2, 1., .5,
                      &theme->muted, 0.85, PX_CHART_TEXT_NORMAL);
}

static void
draw_heat_rows (cairo_t                *cr,
                const PxChartTheme     *theme,
                PxChartText            *text,
                const PxTimelineLayout *layout,
                const Band             *band)
{
  const PxChartColor *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  GArray *levels[HEAT_LEVELS];
  guint n_samples = px_run_result_get_n_cpu_samples (band->run);
  double row_h = band->heat_h / band->n_cores;
  gint64 prev_t = 0;

  px_chart_set_source (cr, &theme->grid, 0.5);
  cairo_rectangle (cr, layout->plot_x, band->heat_y, layout->plot_w, band->heat_h);
  cairo_fill (cr);

  for (guint l = 0; l < HEAT_LEVELS; l++)
    levels[l] = g_array_new (FALSE, FALSE, sizeof (PxRect));

  for (guint i = 0; i < n_samples; i++)
    {
      gint64 t;
      guint n_cores;
      const double *cores = px_run_result_get_cpu_sample (band->run, i, &t, &n_cores);
      double x0, x1;

      if (t >= layout->t0_us && prev_t <= layout->t1_us)
        {
          x0 = round (time_to_x (layout, MAX (prev_t, layout->t0_us)));
          x1 = round (time_to_x (layout, MIN (t, layout->t1_us)));
          for (guint k = 0; k < MIN (n_cores, band->n_cores); k++)
            {
              guint level = (guint) round (CLAMP (cores[k], 0., 1.) * (HEAT_LEVELS - 1));

              if (level > 0)
                px_rects_add (levels[level], x0, round (band->heat_y + k * row_h), MAX (x1 - x0, 1.),
                              round (band->heat_y + (k + 1) * row_h) - round (band->heat_y + k * row_h));
            }
        }
      prev_t = t;
    }

  for (guint l = 1; l < HEAT_LEVELS; l++)
    px_rects_fill (cr, levels[l], color, (double) l / (HEAT_LEVELS - 1));
  for (guint l = 0; l < HEAT_LEVELS; l++)
    g_array_unref (levels[l]);

  px_chart_text_draw (text, _("each core"), layout->plot_x - LABEL_GAP_U * layout->unit,
                      band->heat_y + band->heat_h / 2, 1., .5, &theme->muted, 0.85, PX_CHART_TEXT_NORMAL);
}

/* The bars of a band, sorted by how they are filled so each kind is one
 * path; and per lane, the columns of the tasks too small for a bar. */
typedef struct
{
  GArray *solid;
  GArray *queued;    /* waiting for a CPU */
  GArray *waiting;   /* for I/O or a lock */
  GArray *thin;
  GArray *outline;
} BarSet;

static void
bar_set_init (BarSet *set)
{
  set->solid = g_array_new (FALSE, FALSE, sizeof (PxRect));
  set->queued = g_array_new (FALSE, FALSE, sizeof (PxRect));
  set->waiting = g_array_new (FALSE, FALSE, sizeof (PxRect));
  set->thin = g_array_new (FALSE, FALSE, sizeof (PxRect));
  set->outline = g_array_new (FALSE, FALSE, sizeof (PxRect));
}

static void
bar_set_draw (cairo_t            *cr,
              const PxChartTheme *theme,
              BarSet             *set,
              const PxChartColor *color)
{
  px_rects_fill_hatched (cr, theme, set->waiting, color);
  px_rects_fill_dotted (cr, theme, set->queued, color);
  px_rects_fill (cr, set->thin, color, 0.4);
  px_rects_fill (cr, set->solid, color, 1.);
  px_rects_outline (cr, theme, set->outline, color, 1.);
  g_array_unref (set->solid);
  g_array_unref (set->queued);
  g_array_unref (set->waiting);
  g_array_unref (set->thin);
  g_array_unref (set->outline);
}

typedef struct
{
  guint   n_cols;
  double *cpu;       /* tasks on a CPU, on average over the column */
  double *wait;      /* tasks waiting */
  double *failed;    /* failed tasks touching the column */
  double *diff[3];
  double *top;
  double *bottom;
} Coverage;

static void
coverage_init (Coverage *cov,
               guint     n_cols)
{
  cov->n_cols = n_cols;
  cov->cpu = g_new0 (double, n_cols);
  cov->wait = g_new0 (double, n_cols);
  cov->failed = g_new0 (double, n_cols);
  for (guint i = 0; i < 3; i++)
    cov->diff[i] = g_new0 (double, n_cols + 1);
  cov->top = g_new (double, n_cols);
  cov->bottom = g_new (double, n_cols);
}

static void
coverage_clear (Coverage *cov)
{
  g_free (cov->cpu);
  g_free (cov->wait);
  g_free (cov->failed);
  for (guint i = 0; i < 3; i++)
    g_free (cov->diff[i]);
  g_free (cov->top);
  g_free (cov->bottom);
}

static void
coverage_reset (Coverage *cov)
{
  memset (cov->cpu, 0, cov->n_cols * sizeof (double));
  memset (cov->wait, 0, cov->n_cols * sizeof (double));
  memset (cov->failed, 0, cov->n_cols * sizeof (double));
  for (guint i = 0; i < 3; i++)
    memset (cov->diff[i], 0, (cov->n_cols + 1) * sizeof (double));
}

/* A lane's coverage as columns up from its bottom: a lane of rows sub-rows
 * is full when rows tasks run at once, as the bars would fill it. */
static void
coverage_to_image (Coverage               *cov,
                   const PxChartTheme     *theme,
                   const PxTimelineLayout *layout,
                   const Band             *band,
                   guint                   lane,
                   ColumnImage            *image)
{
  const PxChartColor *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  double top = band->lane_y[lane], bottom = band->lane_y[lane + 1];
  double h = bottom - top, rows = band->lane_rows[lane];
  guint n = cov->n_cols;

  coverage_sum (cov->cpu, cov->diff[0], n);
  coverage_sum (cov->wait, cov->diff[1], n);
  coverage_sum (cov->failed, cov->diff[2], n);

  for (guint c = 0; c < n; c++)
    {
      cov->bottom[c] = bottom;
      cov->top[c] = bottom - round (MIN (cov->cpu[c] / rows, 1.) * h);
    }
  column_image_spans (image, cov->top, cov->bottom, n, column_pixel (color, 1.));

  for (guint c = 0; c < n; c++)
    {
      cov->bottom[c] = cov->top[c];
      cov->top[c] = bottom - round (MIN ((cov->cpu[c] + cov->wait[c]) / rows, 1.) * h);
    }
  column_image_spans (image, cov->top, cov->bottom, n, column_pixel (color, 0.4));

  /* A failure shows as a mark at the top of its lane however short. */
  for (guint c = 0; c < n; c++)
    {
      cov->top[c] = top;
      cov->bottom[c] = cov->failed[c] > 0. ? top + MAX (round (MIN (h / 4., 3. * layout->unit)), 1.) : top;
    }
  column_image_spans (image, cov->top, cov->bottom, n, column_pixel (&theme->error, 1.));
}

/* The bars of a band's lanes, over the columns of the busy strip and of
 * the tasks too small for a bar, which go into image first. */
static void
draw_band_bars (cairo_t                *cr,
                const PxChartTheme     *theme,
                const PxTimelineLayout *layout,
                const Band             *band,
                const double           *busy,
                double                  y_max,
                Coverage               *cov,
                ColumnImage            *image)
{
  const PxChartColor *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  BarSet bars, failed;
  int image_h = (int) (band->lane_y[band->n_lanes] - band->busy_y);

  column_image_begin (image, layout->plot_x, band->busy_y, (int) cov->n_cols, image_h);
  draw_busy_columns (theme, band, busy, cov->n_cols, y_max, image, cov->top, cov->bottom);

  bar_set_init (&bars);
  bar_set_init (&failed);

  for (guint lane = 0; lane < band->n_lanes; lane++)
    {
      /* Rows thinner than a pixel: the whole lane as coverage. */
      gboolean lane_lod = sub_row_height (band, lane) < MIN_BAR_PX;
      gboolean any = FALSE;
      guint first, last;

      lane_visible (layout, band, lane, &first, &last);
      for (guint k = first; k < last; k++)
        {
          const Span *span = &band->spans[k];
          gboolean is_failed = span->failed;
          double x0, x1, x, w, y, h, rate, solid_w, queued_w;
          gboolean patterned;
          BarSet *set = is_failed ? &failed : &bars;

          if (span->running || !task_extent (layout, span, &x0, &x1))
            continue;

          if (lane_lod || x1 - x0 < MIN_BAR_PX)
            {
              double fx0 = x0 - layout->plot_x, fx1 = x1 - layout->plot_x;

              if (!any)
                coverage_reset (cov);
              any = TRUE;
              rate = task_cpu_rate (span);
              coverage_add (cov->cpu, cov->diff[0], cov->n_cols, fx0, fx1, rate);
              coverage_add (cov->wait, cov->diff[1], cov->n_cols, fx0, fx1, 1. - rate);
              if (is_failed)
                coverage_add (cov->failed, cov->diff[2], cov->n_cols, fx0, MAX (fx1, fx0 + .5), 1.);
              continue;
            }

          snap_extent (layout, x0, x1, &x, &w);
          row_extent (layout, band, lane, band->row[span->index], &y, &h);
          rate = task_cpu_rate (span);
          solid_w = round (w * rate);
          queued_w = round (w * (rate + task_cpu_wait_rate (span))) - solid_w;
          px_rects_add (set->solid, x, y, solid_w, h);
          /* Patterns need a few pixels of height to read as patterns. */
          patterned = h >= 5. * layout->unit;
          px_rects_add (patterned ? set->queued : set->thin, x + solid_w, y, queued_w, h);
          px_rects_add (patterned ? set->waiting : set->thin, x + solid_w + queued_w, y, w - solid_w - queued_w, h);
          if (w >= 3. * layout->unit && h >= 5. * layout->unit)
            px_rects_add (set->outline, x, y, w, h);
        }

      if (any)
        coverage_to_image (cov, theme, layout, band, lane, image);
    }

  column_image_paint (cr, image, (int) cov->n_cols, image_h);
  bar_set_draw (cr, theme, &bars, color);
  bar_set_draw (cr, theme, &failed, &theme->error);
}

static void
draw_band_frame (cairo_t                *cr,
                 const PxChartTheme     *theme,
                 PxChartText            *text,
                 const PxTimelineLayout *layout,
                 const Band             *band)
{
  PxStrategy strategy = px_run_result_get_strategy (band->run);
  double f = layout->font_size, u = layout->unit;
  double margin = PX_CHART_MARGIN * u;
  double title_y = band->y + HEADER_EM * f / 2 - 2 * u;
  double lw = px_chart_line_width (theme, 1.);
  g_autofree char *summary = band_summary (band);
  double w;

  px_chart_set_source (cr, &theme->strategy[strategy], 1.);
  cairo_rectangle (cr, round (margin), round (title_y - .45 * f), round (.9 * f), round (.9 * f));
  cairo_fill (cr);
  w = px_chart_text_draw (text, px_strategy_get_title (strategy), margin + 1.4 * f, title_y, 0., .5, &theme->foreground,
                          1.15, PX_CHART_TEXT_BOLD);
  /* Zoomed in on a narrow chart, the summary gives way. */
  px_chart_text_draw_within (text, summary, margin + 1.4 * f + w + f, title_y,
                             layout->width - margin - (margin + 1.4 * f + w + f), 0., .5, &theme->muted, 0.95,
                             PX_CHART_TEXT_NORMAL);

  for (guint lane = 0; lane < band->n_lanes; lane++)
    {
      double top = band->lane_y[lane], h = band->lane_y[lane + 1] - top;
      char buffer[64];

      if (lane % 2 == 1)
        {
          px_chart_set_source (cr, &theme->grid, 0.45);
          cairo_rectangle (cr, layout->plot_x, top, layout->plot_w, h);
          cairo_fill (cr);
        }
      if (h >= f * 0.9)
        px_chart_text_draw (text, lane_title (strategy, band->n_lanes, lane, buffer, sizeof buffer),
                            layout->plot_x - LABEL_GAP_U * u, top + h / 2, 1., .5, &theme->muted, 0.85,
                            PX_CHART_TEXT_NORMAL);
    }

  if (band->n_lanes > 0)
    {
      double bottom = band->lane_y[band->n_lanes];

      px_chart_set_source (cr, &theme->grid, 1.5);
      cairo_set_line_width (cr, lw);
      cairo_move_to (cr, layout->plot_x, band->lane_y[0] + lw / 2);
      cairo_line_to (cr, layout->plot_x + layout->plot_w, band->lane_y[0] + lw / 2);
      cairo_move_to (cr, layout->plot_x, bottom - lw / 2);
      cairo_line_to (cr, layout->plot_x + layout->plot_w, bottom - lw / 2);
      cairo_stroke (cr);
    }
}

/* The synthetic workload's serial part runs before any task, while every
 * worker idles: a band over the lanes, labelled, so the blank reads as
 * Amdahl's serial fraction rather than as a gap. */
static void
draw_serial_part (cairo_t                *cr,
                  const PxChartTheme     *theme,
                  PxChartText            *text,
                  const PxTimelineLayout *layout,
                  const Band             *band)
{
  g_autoptr(GArray) rect = g_array_new (FALSE, FALSE, sizeof (PxRect));
  double u = layout->unit, top, bottom, x0, x1, label_w, cx;
  double lw = px_chart_line_width (theme, 1.);
  const double dashes[] = { 4. * u, 3. * u };
  gint64 start_us, end_us;
  const char *label = _("serial part");

  if (band->n_lanes == 0 || !px_run_result_get_serial_span (band->run, &start_us, &end_us) ||
      end_us <= start_us || end_us < layout->t0_us || start_us > layout->t1_us)
    return;

  top = band->lane_y[0];
  bottom = band->lane_y[band->n_lanes];
  x0 = round (time_to_x (layout, MAX (start_us, layout->t0_us)));
  x1 = round (time_to_x (layout, MIN (end_us, layout->t1_us)));
  /* A serial fraction of 0 still takes a few microseconds: not a part. */
  if (x1 <= x0)
    return;
  px_rects_add (rect, x0, top, x1 - x0, bottom - top);
  px_rects_fill (cr, rect, &theme->muted, 0.15);
  /* Dashed edges, so it is not taken for a running task's outline. */
  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  px_chart_set_source (cr, &theme->muted, 1.);
  cairo_move_to (cr, px_chart_snap (x0, lw), top);
  cairo_line_to (cr, px_chart_snap (x0, lw), bottom);
  cairo_move_to (cr, px_chart_snap (x1, lw), top);
  cairo_line_to (cr, px_chart_snap (x1, lw), bottom);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Centred on the band, kept inside the plot when the band is narrow. */
  label_w = px_chart_text_measure (text, label, 0.9, PX_CHART_TEXT_BOXED);
  cx = CLAMP ((x0 + x1) / 2, layout->plot_x + label_w / 2 + 2 * u, layout->plot_x + layout->plot_w - label_w / 2 - 2 * u);
  px_chart_text_draw (text, label, cx, (top + bottom) / 2, .5, .5, &theme->foreground, 0.9, PX_CHART_TEXT_BOXED);
}

static void
draw_axis (cairo_t                *cr,
           const PxChartTheme     *theme,
           PxChartText            *text,
           const PxTimelineLayout *layout)
{
  PxChartTicks ticks;
  double u = layout->unit;
  double top = layout->n_bands > 0 ? layout->bands[0].busy_y : layout->axis_y;
  guint max_ticks = (guint) CLAMP (layout->plot_w / (7 * layout->font_size), 2, 12);
  double lw = px_chart_line_width (theme, 1.);
  double axis_y = px_chart_snap (layout->axis_y, lw);

  px_chart_time_ticks (layout->t0_us, layout->t1_us, max_ticks, &ticks);

  cairo_set_line_width (cr, lw);
  for (guint i = 0; i < ticks.n_ticks; i++)
    {
      double t = ticks.first_us + i * ticks.step_us;
      double x = px_chart_snap (time_to_x (layout, t), lw);
      char label[64];

      px_chart_set_source (cr, &theme->grid, 1.);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, layout->axis_y + 4 * u);
      cairo_stroke (cr);

      g_snprintf (label, sizeof label, "%.*f %s", ticks.decimals, t / ticks.divisor, ticks.unit);
      px_chart_text_draw (text, label, MIN (x, layout->plot_x + layout->plot_w - 2 * u), layout->axis_y + 6 * u,
                          t == layout->t0_us ? 0. : .5, 0., &theme->muted, 0.9, PX_CHART_TEXT_NORMAL);
    }

  px_chart_set_source (cr, &theme->muted, 1.);
  cairo_move_to (cr, layout->plot_x, axis_y);
  cairo_line_to (cr, layout->plot_x + layout->plot_w, axis_y);
  cairo_stroke (cr);
}

static double
legend_entry (PxChartText            *text,
              const PxChartTheme     *theme,
              const PxTimelineLayout *layout,
              const char             *label,
              double                  x,
              double                  y,
              double                  s)
{
  double f = layout->font_size;

  return x + 2 * s + 6 * layout->unit +
         px_chart_text_draw (text, label, x + 2 * s + 6 * layout->unit, y + s / 2, 0., .5, &theme->foreground, .9,
                             PX_CHART_TEXT_NORMAL) + 2 * f;
}

static void
draw_legend (cairo_t                *cr,
             const PxChartTheme     *theme,
             PxChartText            *text,
             const PxTimelineLayout *layout)
{
  double f = layout->font_size;
  double x = layout->plot_x, y = round (layout->legend_y + f * .5), s = round (f * .9);
  g_autoptr(GArray) rect = g_array_new (FALSE, FALSE, sizeof (PxRect));

  px_rects_add (rect, x, y, 2 * s, s);
  px_rects_fill (cr, rect, &theme->muted, 1.);
  x = legend_entry (text, theme, layout, _("on a CPU"), x, y, s);

  g_array_index (rect, PxRect, 0).x = x;
  px_rects_fill_dotted (cr, theme, rect, &theme->muted);
  px_rects_outline (cr, theme, rect, &theme->muted, 1.);
  x = legend_entry (text, theme, layout, _("waiting for a CPU"), x, y, s);

  g_array_index (rect, PxRect, 0).x = x;
  px_rects_fill_hatched (cr, theme, rect, &theme->muted);
  px_rects_outline (cr, theme, rect, &theme->muted, 1.);
  x = legend_entry (text, theme, layout, _("waiting for I/O or a lock"), x, y, s);

  g_array_index (rect, PxRect, 0).x = x;
  px_rects_fill (cr, rect, &theme->error, 1.);
  x = legend_entry (text, theme, layout, _("failed"), x, y, s);

  g_array_index (rect, PxRect, 0).x = x;
  px_rects_fill (cr, rect, &theme->muted, 0.3);
  px_rects_outline (cr, theme, rect, &theme->muted, 1.);
  x = legend_entry (text, theme, layout, _("running"), x, y, s);

  g_array_index (rect, PxRect, 0).x = x;
  g_array_index (rect, PxRect, 0).h = round (s / 2);
  g_array_index (rect, PxRect, 0).y = round (y + s / 4);
  px_rects_fill (cr, rect, &theme->muted, 0.55);
  legend_entry (text, theme, layout, _("cores busy: tasks on a CPU at once (estimated)"), x, y, s);
}

static void
draw_running (cairo_t                *cr,
              const PxChartTheme     *theme,
              const PxTimelineLayout *layout)
{
  double head = MAX (round (3. * layout->unit), 1.);

  for (guint i = 0; i < layout->n_bands; i++)
    {
      const Band *band = &layout->bands[i];
      const PxChartColor *color = &theme->strategy[px_run_result_get_strategy (band->run)];
      g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (PxRect));
      g_autoptr(GArray) heads = g_array_new (FALSE, FALSE, sizeof (PxRect));
      guint n_tasks = px_run_result_get_n_tasks (band->run);

      for (guint index = 0; index < n_tasks; index++)
        {
          const PxTaskRecord *record = px_run_result_get_task (band->run, index);
          double x0, x1, x, w, y, h;
          Span span;

          if (record == NULL || !PX_TASK_RECORD_IS_RUNNING (record) || record->lane >= band->n_lanes)
            continue;
          span_init (&span, band, record, index);
          if (!task_extent (layout, &span, &x0, &x1))
            continue;
          x = round (x0);
          w = MAX (round (x1) - x, head);
          row_extent (layout, band, record->lane, band->row[index], &y, &h);
          px_rects_add (bars, x, y, w, h);
          /* The growing end of the bar: "still going". */
          px_rects_add (heads, x + w - head, y, head, h);
        }

      px_rects_fill (cr, bars, color, 0.3);
      px_rects_outline (cr, theme, bars, color, 1.);
      px_rects_fill (cr, heads, color, 1.);
    }
}

static void
draw_hover (cairo_t            *cr,
            const PxChartTheme *theme,
            PxTimelineLayout   *layout,
            guint               hover_run,
            gint                hover_index)
{
  PxChartRect r;
  double lw = px_chart_line_width (theme, 2.);

  if (hover_index < 0 || !px_timeline_layout_get_task_rect (layout, hover_run, hover_index, &r))
    return;

  cairo_set_line_width (cr, lw);
  px_chart_set_source (cr, &theme->foreground, 1.);
  cairo_rectangle (cr, r.x - lw, r.y - lw, r.width + 2 * lw, r.height + 2 * lw);
  cairo_stroke (cr);
}

void
px_draw_timeline_layout (cairo_t            *cr,
                         const PxChartTheme *theme,
                         PxTimelineLayout   *layout,
                         PxTimelinePart      parts,
                         guint               hover_run,
                         gint                hover_index)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);
  g_return_if_fail (layout != NULL);

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  if (parts & PX_TIMELINE_PART_STATIC)
    {
      px_chart_fill_background (cr, theme);
      if (layout->n_bands == 0)
        {
          px_chart_draw_empty_state (cr, theme, layout->width, layout->height, _("No runs yet"),
                                     _("Run a workload to see each strategy’s tasks over time"));
        }
      else
        {
          guint n_cols = (guint) ceil (layout->plot_w);
          g_autofree double **busy = g_new0 (double *, layout->n_bands);
          guint n_cores = g_get_num_processors ();
          double y_max = n_cores;
          PxChartText text;
          Coverage cov;
          ColumnImage image = { 0 };

          px_chart_text_init (&text, cr, theme);
          coverage_init (&cov, n_cols);
          for (guint i = 0; i < layout->n_bands; i++)
            {
              busy[i] = band_busy (layout, &layout->bands[i], n_cols);
              for (guint c = 0; c < n_cols; c++)
                y_max = MAX (y_max, busy[i][c]);
            }
          y_max *= 1.08;

          draw_axis (cr, theme, &text, layout);
          for (guint i = 0; i < layout->n_bands; i++)
            {
              const Band *band = &layout->bands[i];

              draw_band_frame (cr, theme, &text, layout, band);
              draw_busy_ground (cr, theme, layout, band);
              if (band->heat_h > 0)
                draw_heat_rows (cr, theme, &text, layout, band);
              draw_serial_part (cr, theme, &text, layout, band);
              draw_band_bars (cr, theme, layout, band, busy[i], y_max, &cov, &image);
              draw_busy_strip (cr, theme, &text, layout, band, y_max, n_cores);
              g_free (busy[i]);
            }
          draw_legend (cr, theme, &text, layout);
          coverage_clear (&cov);
          column_image_clear (&image);
          px_chart_text_clear (&text);
        }
    }

  if (parts & PX_TIMELINE_PART_RUNNING)
    draw_running (cr, theme, layout);

  if (parts & PX_TIMELINE_PART_HOVER)
    draw_hover (cr, theme, layout, hover_run, hover_index);

  cairo_restore (cr);
}

void
px_draw_timeline (cairo_t            *cr,
                  const PxChartTheme *theme,
                  GPtrArray          *runs,
                  double              width,
                  double              height,
                  double              t0_us,
                  double              t1_us,
                  guint               hover_run,
                  gint                hover_index)
{
  g_autoptr(PxTimelineLayout) layout = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);

  if (runs == NULL)
    runs = none = g_ptr_array_new ();
  layout = px_timeline_layout_new (theme, runs, width, height, t0_us, t1_us);
  px_draw_timeline_layout (cr, theme, layout, PX_TIMELINE_PART_ALL, hover_run, hover_index);
}

gboolean
px_timeline_hit_test (const PxChartTheme *theme,
                      GPtrArray          *runs,
                      double              width,
                      double              height,
                      double              t0_us,
                      double              t1_us,
                      double              x,
                      double              y,
                      guint              *run,
                      guint              *index)
{
  g_autoptr(PxTimelineLayout) layout = NULL;

  g_return_val_if_fail (theme != NULL, FALSE);

  if (runs == NULL)
    return FALSE;
  layout = px_timeline_layout_new (theme, runs, width, height, t0_us, t1_us);
  return px_timeline_layout_hit_test (layout, x, y, run, index);
}

char *
px_timeline_describe (GPtrArray *runs)
{
  GString *s = g_string_new (NULL);

  if (runs == NULL || runs->len == 0)
    {
      g_string_append (s, _("No runs yet."));
      return g_string_free (s, FALSE);
    }

  g_string_append (s, _("Each task as a bar over time, one band per strategy and one lane per worker."));
  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      g_autofree char *wall = px_chart_format_duration (px_run_result_get_span_us (run));
      guint n_tasks = px_run_result_get_n_tasks (run);
      guint lanes = px_run_result_get_n_lanes (run);

      g_string_append_printf (s, " %s: ", px_strategy_get_title (px_run_result_get_strategy (run)));
      g_string_append_printf (s, ngettext ("%u task", "%u tasks", n_tasks), n_tasks);
      g_string_append_c (s, ' ');
      g_string_append_printf (s, ngettext ("on %u lane", "on %u lanes", lanes), lanes);
      g_string_append_c (s, ' ');
      /* Translators: the span of a run's tasks, e.g. "over 1.2 s" */
      g_string_append_printf (s, _("over %s"), wall);
      g_string_append (s, ", ");
      g_string_append_printf (s, ngettext ("%u failed.", "%u failed.", px_run_result_get_tasks_failed (run)),
                              px_run_result_get_tasks_failed (run));
    }

  return g_string_free (s, FALSE);
}
