#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const ts_option *find(const ts_option *opts, int nopts, const char *name, size_t len) {
    for (int i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) return &opts[i];
    return NULL;
}

/* An option's range in words: "at least 1", "between 0 and 1", "" when any value goes. */
static const char *range_words(const ts_option *o, char *buf, size_t len) {
    const int open_below = o->kind == TS_OPT_INT ? o->range[0] <= INT_MIN : o->range[0] == -INFINITY;
    const int open_above = o->kind == TS_OPT_INT ? o->range[1] >= INT_MAX : o->range[1] == INFINITY;
    if (open_below && open_above) *buf = '\0';
    else if (open_above) snprintf(buf, len, "at least %g", o->range[0]);
    else if (open_below) snprintf(buf, len, "at most %g", o->range[1]);
    else snprintf(buf, len, "between %g and %g", o->range[0], o->range[1]);
    return buf;
}

static int check_range(const ts_option *o, double v, const char *text) {
    if (v >= o->range[0] && v <= o->range[1]) return TS_OK;
    char range[64];
    return ts_fail("--%s must be %s, got %s", o->name, range_words(o, range, sizeof range), text);
}

static int set_value(const ts_option *o, const char *text) {
    char *end;
    errno = 0;
    switch (o->kind) {
    case TS_OPT_INT: {
        long v = strtol(text, &end, 10);
        if (*text == '\0' || *end != '\0' || errno || v < INT_MIN || v > INT_MAX)
            return ts_fail("--%s: expected an integer, got '%s'", o->name, text);
        if (check_range(o, (double)v, text) != TS_OK) return TS_ERR;
        *(int *)o->value = (int)v;
        return TS_OK;
    }
    case TS_OPT_FLOAT: {
        float v = strtof(text, &end);
        if (*text == '\0' || *end != '\0' || errno || !isfinite(v)) /* strtof reads "nan" and "inf" */
            return ts_fail("--%s: expected a finite number, got '%s'", o->name, text);
        if (check_range(o, v, text) != TS_OK) return TS_ERR;
        *(float *)o->value = v;
        return TS_OK;
    }
    case TS_OPT_STRING: *(const char **)o->value = text; return TS_OK;
    case TS_OPT_FLAG: break;
    }
    return ts_fail("--%s takes no value", o->name);
}

int ts_parse_options(int argc, char **argv, const ts_option *opts, int nopts) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) return TS_CLI_HELP;
        if (strncmp(arg, "--", 2) != 0) return ts_fail("unexpected argument '%s' (see --help)", arg);
        const char *name = arg + 2, *eq = strchr(name, '=');
        const ts_option *o = find(opts, nopts, name, eq ? (size_t)(eq - name) : strlen(name));
        if (!o) return ts_fail("unknown option '%s' (see --help)", arg);
        if (o->kind == TS_OPT_FLAG) {
            if (eq) return ts_fail("--%s takes no value", o->name);
            *(int *)o->value = 1;
            continue;
        }
        const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!value) return ts_fail("--%s needs a value", o->name);
        if (set_value(o, value) != TS_OK) return TS_CLI_ERROR;
    }
    return TS_CLI_OK;
}

void ts_print_usage(FILE *out, const char *prog, const char *description, const ts_option *opts,
                    int nopts) {
    fprintf(out, "usage: %s [options]\n%s\n\noptions:\n", prog, description);
    for (int i = 0; i < nopts; i++) {
        const ts_option *o = &opts[i];
        char left[48], def[128] = "", range[64] = "";
        const char *arg = o->kind == TS_OPT_INT ? " N" : o->kind == TS_OPT_FLOAT ? " X"
                        : o->kind == TS_OPT_STRING ? " S" : "";
        snprintf(left, sizeof left, "--%s%s", o->name, arg);
        if (o->kind == TS_OPT_INT || o->kind == TS_OPT_FLOAT) range_words(o, range, sizeof range);
        const char *sep = *range ? ", " : "";
        if (o->kind == TS_OPT_INT) snprintf(def, sizeof def, " (default %d%s%s)", *(int *)o->value, sep, range);
        if (o->kind == TS_OPT_FLOAT) snprintf(def, sizeof def, " (default %g%s%s)", *(float *)o->value, sep, range);
        if (o->kind == TS_OPT_STRING && *(const char **)o->value)
            snprintf(def, sizeof def, " (default %s)", *(const char **)o->value);
        fprintf(out, "  %-20s %s%s\n", left, o->help, def);
    }
    fprintf(out, "  %-20s %s\n", "-h, --help", "show this help");
}
