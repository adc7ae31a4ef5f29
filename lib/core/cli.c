#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const ts_option *find(const ts_option *opts, int nopts, const char *name, size_t len) {
    for (int i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) return &opts[i];
    return NULL;
}

static int set_value(const ts_option *o, const char *text) {
    char *end;
    errno = 0;
    switch (o->kind) {
    case TS_OPT_INT: {
        long v = strtol(text, &end, 10);
        if (*text == '\0' || *end != '\0' || errno || v < INT_MIN || v > INT_MAX)
            return ts_fail("--%s: expected an integer, got '%s'", o->name, text);
        *(int *)o->value = (int)v;
        return TS_OK;
    }
    case TS_OPT_FLOAT: {
        float v = strtof(text, &end);
        if (*text == '\0' || *end != '\0' || errno)
            return ts_fail("--%s: expected a number, got '%s'", o->name, text);
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
        char left[48], def[64] = "";
        const char *arg = o->kind == TS_OPT_INT ? " N" : o->kind == TS_OPT_FLOAT ? " X"
                        : o->kind == TS_OPT_STRING ? " S" : "";
        snprintf(left, sizeof left, "--%s%s", o->name, arg);
        if (o->kind == TS_OPT_INT) snprintf(def, sizeof def, " (default %d)", *(int *)o->value);
        if (o->kind == TS_OPT_FLOAT) snprintf(def, sizeof def, " (default %g)", *(float *)o->value);
        if (o->kind == TS_OPT_STRING && *(const char **)o->value)
            snprintf(def, sizeof def, " (default %s)", *(const char **)o->value);
        fprintf(out, "  %-20s %s%s\n", left, o->help, def);
    }
    fprintf(out, "  %-20s %s\n", "-h, --help", "show this help");
}
