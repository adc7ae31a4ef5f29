/* Command-line options, declared as a table so that parsing and --help come from one
 * place and the help always shows the current defaults and the accepted ranges:
 *
 *   int epochs = 3;
 *   ts_option opts[] = {{"epochs", TS_OPT_INT, &epochs, {1, INT_MAX}, "passes over the training set"},
 *                       {"data", TS_OPT_STRING, &dir, {0}, "data directory"}, ...};
 *   switch (ts_parse_options(argc, argv, opts, n)) { case TS_CLI_HELP: ... }
 *
 * Accepts "--name value" and "--name=value"; flags take no value. A number must be finite
 * and within its option's range (both ends included; INT_MIN/INT_MAX or ±INFINITY leave a
 * side open); the range is where PyTorch accepts the value, or narrower where the program
 * needs it. A bad flag gives one error line naming it. */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stdio.h>

typedef enum { TS_OPT_INT, TS_OPT_FLOAT, TS_OPT_STRING, TS_OPT_FLAG } ts_option_kind;

typedef struct {
    const char *name;     /* without the leading "--" */
    ts_option_kind kind;
    void *value;          /* int*, float*, const char**, int* (flag: set to 1) */
    double range[2];      /* TS_OPT_INT and TS_OPT_FLOAT: the accepted values [min, max]; others {0} */
    const char *help;
} ts_option;

enum { TS_CLI_OK = 0, TS_CLI_ERROR = -1, TS_CLI_HELP = 1 };

/* TS_CLI_OK, TS_CLI_HELP for -h/--help, or TS_CLI_ERROR with a message (ts_error()). */
int ts_parse_options(int argc, char **argv, const ts_option *opts, int nopts);

/* "usage: prog [options]", the description, then one line per option with its default. */
void ts_print_usage(FILE *out, const char *prog, const char *description, const ts_option *opts,
                    int nopts);

#endif
