/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gen-corpus"

#include "config.h"

#include <string.h>

#include <glib.h>

/* Writes the bundled text corpus: about 600 KB of English-like prose whose
 * bzip2 -9 ratio is about 27 %, like real English text. Everything is integer
 * arithmetic on our own generator with a fixed seed, so the bytes are the same
 * on every machine and compiler (no rand (), no floating point). */

#define TARGET_BYTES   608000
#define LINE_WIDTH     72
#define N_CONTENT      2500
#define ZIPF_OFFSET    3

typedef struct
{
  guint64 state;
} Rng;

typedef struct
{
  GPtrArray *words;
  guint64   *cumulative;   /* cumulative Zipf weights, one per word */
} Lexicon;

/* The commonest English words, most frequent first: they make up about half
 * of any real text and give the corpus its texture. */
static const char * const function_words[] = {
  "the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it",
  "with", "as", "his", "on", "be", "at", "by", "had", "not", "are", "but",
  "from", "or", "have", "an", "they", "which", "one", "you", "were", "her",
  "all", "she", "there", "would", "their", "we", "him", "been", "has", "when",
  "who", "will", "more", "no", "if", "out", "so", "said", "what", "up", "its",
  "about", "into", "than", "them", "can", "only", "other", "new", "some",
  "could", "time", "these", "two", "may", "then", "do", "first", "any", "my",
  "now", "such", "like", "our", "over", "man", "me", "even", "most", "made",
  "after", "also", "did", "many", "before", "must", "through", "back", "years",
  "where", "much", "your", "way", "well", "down", "should", "because", "each",
  "just", "those", "people", "how", "too", "little", "state", "good", "very",
  "make", "world", "still", "own", "see", "men", "work", "long", "get", "here",
  "between", "both", "life", "being", "under", "never", "day", "same",
  "another", "know", "while", "last", "might", "us", "great", "old", "year",
  "off", "come", "since", "against", "go", "came", "right", "used", "take",
  "three", "himself", "few", "house", "use", "during", "without", "again",
  "place", "around", "however", "home", "small", "found", "thought", "went",
  "say", "part", "once", "general", "high", "upon", "school", "every", "does",
  "got", "united", "left", "number", "course", "war", "until", "always",
  "away", "something", "fact", "though", "water", "less", "public", "put",
  "think", "almost", "hand", "enough", "far", "took", "head", "yet",
};

static const char * const onsets[] = {
  "b", "c", "d", "f", "g", "h", "j", "l", "m", "n", "p", "r", "s", "t", "v",
  "w", "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "sp",
  "st", "th", "tr", "wh", "", "", "",
};

static const char * const nuclei[] = {
  "a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ai", "ou", "oo", "ee",
  "y",
};

static const char * const codas[] = {
  "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "rt", "ng",
  "ck", "ll", "rn", "sh", "th",
};

/* Endings that content words take now and then, as English inflects. */
static const char * const endings[] = {
  "s", "ed", "ing", "ly", "er",
};

/* splitmix64: tiny, well mixed, and fully specified. */
static guint64
rng_next (Rng *rng)
{
  guint64 z;

  rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  z = rng->state;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);

  return z ^ (z >> 31);
}

/* A number in [0, bound); the modulo bias is irrelevant here and keeps the
 * sequence simple to reproduce. */
static guint64
rng_below (Rng     *rng,
           guint64  bound)
{
  return rng_next (rng) % bound;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

static char *
make_word (Rng *rng)
{
  GString *word = g_string_new (NULL);
  /* Mostly two syllables, some one or three, as in English vocabulary. */
  static const guint syllable_counts[] = { 1, 2, 2, 2, 2, 3 };
  guint n_syllables = PICK (rng, syllable_counts);

  for (guint i = 0; i < n_syllables; i++)
    {
      g_string_append (word, PICK (rng, onsets));
      g_string_append (word, PICK (rng, nuclei));
      if (i + 1 == n_syllables || rng_below (rng, 4) == 0)
        g_string_append (word, PICK (rng, codas));
    }

  return g_string_free (word, FALSE);
}

static void
lexicon_init (Lexicon   *lexicon,
              GPtrArray *words)
{
  guint64 total = 0;

  lexicon->words = words;
  lexicon->cumulative = g_new (guint64, words->len);

  /* Zipf's law with exponent 1: the word of rank r weighs 1 / (r + offset). */
  for (guint i = 0; i < words->len; i++)
    {
      total += (G_GUINT64_CONSTANT (1) << 40) / (i + 1 + ZIPF_OFFSET);
      lexicon->cumulative[i] = total;
    }
}

static void
lexicon_clear (Lexicon *lexicon)
{
  g_ptr_array_unref (lexicon->words);
  g_free (lexicon->cumulative);
}

static const char *
lexicon_pick (const Lexicon *lexicon,
              Rng           *rng)
{
  guint64 total = lexicon->cumulative[lexicon->words->len - 1];
  guint64 target = rng_below (rng, total);
  guint lo = 0;
  guint hi = lexicon->words->len - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (lexicon->cumulative[mid] > target)
        hi = mid;
      else
        lo = mid + 1;
    }

  return g_ptr_array_index (lexicon->words, lo);
}

static GPtrArray *
make_content_words (Rng *rng)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (function_words); i++)
    g_hash_table_add (seen, (gpointer) function_words[i]);

  while (words->len < N_CONTENT)
    {
      char *word = make_word (rng);

      if (strlen (word) < 2 || g_hash_table_contains (seen, word))
        {
          g_free (word);
          continue;
        }
      g_ptr_array_add (words, word);
      g_hash_table_add (seen, word);
    }

  return words;
}

static GPtrArray *
make_function_words (void)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (function_words); i++)
    g_ptr_array_add (words, g_strdup (function_words[i]));

  return words;
}

/* Appends a word to the paragraph, wrapping lines as printed books do. */
static void
emit_word (GString    *text,
           gsize      *line_start,
           const char *word)
{
  gsize len = strlen (word);

  if (text->len > *line_start)
    {
      if (text->len - *line_start + 1 + len > LINE_WIDTH)
        {
          g_string_append_c (text, '\n');
          *line_start = text->len;
        }
      else
        g_string_append_c (text, ' ');
    }
  g_string_append (text, word);
}

static void
emit_sentence (GString       *text,
               gsize         *line_start,
               const Lexicon *function_lexicon,
               const Lexicon *content_lexicon,
               Rng           *rng)
{
  static const char terminators[] = { '.', '.', '.', '.', '.', '.', '?', '!' };
  guint n_words = 4 + rng_below (rng, 18);

  for (guint i = 0; i < n_words; i++)
    {
      g_autoptr(GString) word = g_string_new (NULL);

      /* Roughly every other word is a function word, as in English. */
      if (rng_below (rng, 100) < 48)
        g_string_append (word, lexicon_pick (function_lexicon, rng));
      else
        {
          g_string_append (word, lexicon_pick (content_lexicon, rng));
          if (rng_below (rng, 6) == 0)
            g_string_append (word, PICK (rng, endings));
        }

      if (i == 0)
        word->str[0] = g_ascii_toupper (word->str[0]);
      if (i + 1 == n_words)
        g_string_append_c (word, PICK (rng, terminators));
      else if (i > 1 && rng_below (rng, 12) == 0)
        g_string_append_c (word, rng_below (rng, 8) == 0 ? ';' : ',');

      emit_word (text, line_start, word->str);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) text = g_string_sized_new (TARGET_BYTES + 4096);
  g_autoptr(GError) error = NULL;
  Rng rng = { G_GUINT64_CONSTANT (0x5041524C4C415821) };   /* "PARLLAX!" */
  Lexicon function_lexicon;
  Lexicon content_lexicon;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTPUT\n", argv[0]);
      return 2;
    }

  lexicon_init (&function_lexicon, make_function_words ());
  lexicon_init (&content_lexicon, make_content_words (&rng));

  while (text->len < TARGET_BYTES)
    {
      guint n_sentences = 2 + rng_below (&rng, 6);
      gsize line_start = text->len;

      for (guint i = 0; i < n_sentences; i++)
        emit_sentence (text, &line_start, &function_lexicon, &content_lexicon, &rng);
      g_string_append (text, "\n\n");
    }

  lexicon_clear (&function_lexicon);
  lexicon_clear (&content_lexicon);

  if (!g_file_set_contents (argv[1], text->str, text->len, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  return 0;
}
