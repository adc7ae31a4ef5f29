/* Reader of the PyTorch fixtures in tests/fixtures/ (written by experiments/make_fixtures.py).
 *
 * Format: text, one named float32 array per line, `name count v1 v2 ... v_count`;
 * lines starting with '#' are comments.
 *
 *   fixture *fx = fixture_load("layers");                 // fixtures/layers.txt
 *   const float *y = fixture_get(fx, "conv_a.y", 200);     // exactly 200 values, or the test fails
 *   fixture_free(fx);
 *
 * The directory is "fixtures" relative to the working directory (`make test` runs in
 * tests/), or $TS_FIXTURES. A missing file, a malformed line, a missing name or a wrong
 * count fails the current Check test with a message naming the file, line or array. */
#ifndef TS_FIXTURE_H
#define TS_FIXTURE_H

#include <stddef.h>

typedef struct fixture fixture;

fixture *fixture_load(const char *group);
void fixture_free(fixture *fx);

/* The array `name`, which must hold exactly `count` values; owned by fx. */
const float *fixture_get(const fixture *fx, const char *name, size_t count);
/* A one-value array. */
float fixture_scalar(const fixture *fx, const char *name);

#endif
