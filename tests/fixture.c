/* The fixture reader: see fixture.h for the format. Every error fails the running test. */
#include "fixture.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *name;
    size_t count;
    float *values;
} fixture_array;

struct fixture {
    char path[512];
    size_t n, cap;
    fixture_array *arrays;
};

/* Parses `name count v1 ... v_count` (line without its newline) into a. */
static int parse_line(char *line, fixture_array *a, const char **why) {
    char *save = NULL;
    const char *name = strtok_r(line, " \t", &save);
    const char *count = strtok_r(NULL, " \t", &save);
    char *end;
    if (!name || !count) return *why = "expected `name count values...`", -1;
    errno = 0;
    const long long c = strtoll(count, &end, 10);
    if (*end || errno || c < 0) return *why = "the count is not a non-negative integer", -1;
    a->count = (size_t)c;
    a->values = malloc((a->count + 1) * sizeof(float));
    a->name = strdup(name);
    ck_assert_msg(a->values && a->name, "out of memory reading a fixture");
    size_t i = 0;
    for (const char *tok; (tok = strtok_r(NULL, " \t", &save)) != NULL; i++) {
        if (i == a->count) return *why = "more values than the count says", -1;
        a->values[i] = strtof(tok, &end);
        if (*end) return *why = "a value is not a number", -1;
    }
    if (i != a->count) return *why = "fewer values than the count says", -1;
    return 0;
}

fixture *fixture_load(const char *group) {
    fixture *fx = calloc(1, sizeof *fx);
    ck_assert_msg(fx != NULL, "out of memory reading a fixture");
    const char *dir = getenv("TS_FIXTURES") ? getenv("TS_FIXTURES") : "fixtures";
    snprintf(fx->path, sizeof fx->path, "%s/%s.txt", dir, group);
    FILE *f = fopen(fx->path, "r");
    ck_assert_msg(f != NULL, "fixture %s: %s (generate it with `make fixtures`, which needs PyTorch)",
                  fx->path, strerror(errno));
    char *line = NULL;
    size_t linecap = 0;
    ssize_t len;
    for (int lineno = 1; (len = getline(&line, &linecap, f)) != -1; lineno++) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        if (fx->n == fx->cap) {
            fx->cap = fx->cap ? 2 * fx->cap : 32;
            fx->arrays = realloc(fx->arrays, fx->cap * sizeof *fx->arrays);
            ck_assert_msg(fx->arrays != NULL, "out of memory reading a fixture");
        }
        fixture_array *a = &fx->arrays[fx->n++];
        *a = (fixture_array){0};
        const char *why = NULL;
        if (parse_line(line, a, &why) != 0) {
            fclose(f);
            ck_abort_msg("fixture %s:%d: malformed: %s", fx->path, lineno, why);
        }
    }
    free(line);
    fclose(f);
    return fx;
}

void fixture_free(fixture *fx) {
    if (!fx) return;
    for (size_t i = 0; i < fx->n; i++) {
        free(fx->arrays[i].name);
        free(fx->arrays[i].values);
    }
    free(fx->arrays);
    free(fx);
}

const float *fixture_get(const fixture *fx, const char *name, size_t count) {
    for (size_t i = 0; i < fx->n; i++) {
        const fixture_array *a = &fx->arrays[i];
        if (strcmp(a->name, name) != 0) continue;
        ck_assert_msg(a->count == count, "fixture %s: array '%s' has %zu values, the test expects %zu",
                      fx->path, name, a->count, count);
        return a->values;
    }
    ck_abort_msg("fixture %s: no array '%s' (regenerate with `make fixtures`)", fx->path, name);
    return NULL;
}

float fixture_scalar(const fixture *fx, const char *name) { return fixture_get(fx, name, 1)[0]; }
