/* The text form of a transform pipeline, e.g.
 *   RandomCrop(28, padding=2), RandomHorizontalFlip(0.5), ToTensor, Normalize(0.286, 0.353)
 *
 * Grammar (blanks ignored outside strings):
 *   spec  := "" | "none" | step ("," step)*
 *   step  := NAME [ "(" [ arg ("," arg)* ] ")" ]
 *   arg   := [ NAME "=" ] value
 *   value := NUMBER | STRING | NAME | "(" NUMBER ("," NUMBER)* ")" | "[" … "]"
 * STRING is quoted with ' or "; a bare NAME as a value is a string too (padding_mode=reflect)
 * except True, False and None. Arguments bind to torchvision's constructor parameters by
 * position or keyword, and are checked as torchvision checks them. Every error names the
 * offending token: its column (1-based) for syntax, the value for a bad argument. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/error.h"
#include "transform_step.h"

enum { MAX_PARAMS = 5, MAX_TUPLE = 4, MAX_TOKEN = 48 };

/* ---- tokens --------------------------------------------------------------------------- */

typedef enum { TOK_END, TOK_NAME, TOK_NUMBER, TOK_STRING, TOK_PUNCT } token_kind;

typedef struct {
    token_kind kind;
    char text[MAX_TOKEN]; /* as written (a string without its quotes) */
    double number;
    int col;
} token;

typedef struct {
    const char *src;
    size_t pos;
    token tok; /* the current token */
} lexer;

static int syntax_error(const token *t, const char *what) {
    if (t->kind == TOK_END) return ts_fail("transform spec: %s at the end (column %d)", what, t->col);
    return ts_fail("transform spec: %s at '%s' (column %d)", what, t->text, t->col);
}

/* Reads the next token into lx->tok. */
static int next_token(lexer *lx) {
    const char *s = lx->src;
    while (isspace((unsigned char)s[lx->pos])) lx->pos++;
    token *t = &lx->tok;
    const size_t start = lx->pos;
    t->col = (int)start + 1;
    t->text[0] = '\0';
    const char ch = s[start];
    size_t len;
    if (ch == '\0') {
        t->kind = TOK_END;
        return TS_OK;
    } else if (isalpha((unsigned char)ch) || ch == '_') {
        len = 1;
        while (isalnum((unsigned char)s[start + len]) || s[start + len] == '_' || s[start + len] == '.') len++;
        t->kind = TOK_NAME;
    } else if (isdigit((unsigned char)ch) || ((ch == '-' || ch == '+' || ch == '.') && s[start + 1] != '\0' &&
                                              (isdigit((unsigned char)s[start + 1]) || s[start + 1] == '.'))) {
        char *end;
        t->number = strtod(s + start, &end);
        len = (size_t)(end - (s + start));
        if (len == 0) len = 1;
        t->kind = TOK_NUMBER;
    } else if (ch == '\'' || ch == '"') {
        const char *close = strchr(s + start + 1, ch);
        if (!close) {
            snprintf(t->text, sizeof t->text, "%.*s", (int)(MAX_TOKEN - 1), s + start);
            t->kind = TOK_STRING;
            return syntax_error(t, "unterminated string");
        }
        t->kind = TOK_STRING;
        snprintf(t->text, sizeof t->text, "%.*s", (int)(close - s - start - 1), s + start + 1);
        lx->pos = (size_t)(close - s) + 1;
        return TS_OK;
    } else if (strchr("(),=[]", ch)) {
        len = 1;
        t->kind = TOK_PUNCT;
    } else {
        snprintf(t->text, sizeof t->text, "%c", ch);
        t->kind = TOK_PUNCT;
        return syntax_error(t, "unexpected character");
    }
    snprintf(t->text, sizeof t->text, "%.*s", (int)len, s + start);
    lx->pos = start + len;
    return TS_OK;
}

static int is_punct(const token *t, char c) { return t->kind == TOK_PUNCT && t->text[0] == c; }

/* ---- values --------------------------------------------------------------------------- */

typedef enum { VAL_NUMBERS, VAL_STRING, VAL_BOOL, VAL_NONE } value_kind;

typedef struct {
    value_kind kind;
    double num[MAX_TUPLE];
    int n;         /* numbers held (a bare number: 1) */
    int is_tuple;  /* written as (…) or […] */
    char text[MAX_TOKEN * 2]; /* as written, for messages: "-2", "(0.1,2.0)", "'reflect'" */
    int col;
} value;

static int parse_value(lexer *lx, value *v) {
    token *t = &lx->tok;
    memset(v, 0, sizeof *v);
    v->col = t->col;
    if (t->kind == TOK_NUMBER) {
        v->kind = VAL_NUMBERS, v->n = 1, v->num[0] = t->number;
        snprintf(v->text, sizeof v->text, "%s", t->text);
        return next_token(lx);
    }
    if (t->kind == TOK_STRING || t->kind == TOK_NAME) {
        v->kind = VAL_STRING;
        if (t->kind == TOK_NAME && !strcmp(t->text, "True")) v->kind = VAL_BOOL, v->num[0] = 1;
        if (t->kind == TOK_NAME && !strcmp(t->text, "False")) v->kind = VAL_BOOL, v->num[0] = 0;
        if (t->kind == TOK_NAME && !strcmp(t->text, "None")) v->kind = VAL_NONE;
        snprintf(v->text, sizeof v->text, t->kind == TOK_STRING ? "'%s'" : "%s", t->text);
        return next_token(lx);
    }
    if (is_punct(t, '(') || is_punct(t, '[')) {
        const char close = t->text[0] == '(' ? ')' : ']';
        v->kind = VAL_NUMBERS, v->is_tuple = 1;
        size_t used = (size_t)snprintf(v->text, sizeof v->text, "%c", t->text[0]);
        if (next_token(lx)) return TS_ERR;
        while (!is_punct(t, close)) {
            if (v->n > 0) {
                if (!is_punct(t, ',')) return syntax_error(t, "expected ',' or the end of the tuple");
                if (next_token(lx)) return TS_ERR;
                if (is_punct(t, close)) break; /* a trailing comma, as in Python's (1,) */
            }
            if (t->kind != TOK_NUMBER) return syntax_error(t, "expected a number in the tuple");
            if (v->n == MAX_TUPLE) return syntax_error(t, "too many numbers in the tuple (at most 4)");
            v->num[v->n++] = t->number;
            if (used < sizeof v->text - 1) /* the text is for messages: a long tuple is cut short */
                used += (size_t)snprintf(v->text + used, sizeof v->text - used, "%s%s", v->n > 1 ? "," : "", t->text);
            if (next_token(lx)) return TS_ERR;
        }
        if (v->n == 0) return syntax_error(t, "empty tuple");
        snprintf(v->text + strlen(v->text), sizeof v->text - strlen(v->text), "%c", close);
        return next_token(lx);
    }
    return syntax_error(t, "expected a value");
}

/* ---- the transforms' signatures ------------------------------------------------------ */

typedef struct step_syntax step_syntax;

/* Fills s from the bound arguments (args[k] is parameter k, or NULL for its default), checked as
   torchvision checks them. is_float: whether the image is a float tensor at this point of the
   pipeline; col: the step's column, for messages. */
typedef int (*step_builder)(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s);

struct step_syntax {
    const char *name;
    ts_step_kind kind;
    const char *params[MAX_PARAMS]; /* torchvision's constructor parameters, in order */
    int required;                   /* how many of them have no default */
    step_builder build;             /* NULL: nothing to check or store */
};

/* ---- argument checks (torchvision's) --------------------------------------------------- */

/* "transform spec: <Transform>: <message>" */
static int arg_error(const step_syntax *sx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int arg_error(const step_syntax *sx, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ts_fail("transform spec: %s: %s", sx->name, msg);
}

/* 1..maxn integers into out; *n their count. */
static int get_ints(const step_syntax *sx, const char *name, const value *v, int maxn, int *out, int *n) {
    if (v->kind != VAL_NUMBERS || v->n > maxn)
        return arg_error(sx, "%s must be an integer or a tuple of up to %d integers, got %s", name, maxn, v->text);
    for (int k = 0; k < v->n; k++) {
        if (v->num[k] != floor(v->num[k]) || fabs(v->num[k]) > 1e6)
            return arg_error(sx, "%s must be integers, got %s", name, v->text);
        out[k] = (int)v->num[k];
    }
    *n = v->n;
    return TS_OK;
}

static int get_floats(const step_syntax *sx, const char *name, const value *v, int maxn, float *out, int *n) {
    if (v->kind != VAL_NUMBERS || v->n > maxn)
        return arg_error(sx, "%s must be a number or a tuple of up to %d numbers, got %s", name, maxn, v->text);
    for (int k = 0; k < v->n; k++) {
        if (!isfinite(v->num[k])) return arg_error(sx, "%s must be finite, got %s", name, v->text);
        out[k] = (float)v->num[k];
    }
    *n = v->n;
    return TS_OK;
}

static int get_float(const step_syntax *sx, const char *name, const value *v, float *out) {
    int n = 0;
    if (v->is_tuple) return arg_error(sx, "%s must be a number, got %s", name, v->text);
    return get_floats(sx, name, v, 1, out, &n);
}

/* A size: an int s → (s, s) ((s, 0) for Resize: the shorter side), or (h, w); positive. */
static int get_size(const step_syntax *sx, const char *name, const value *v, int size[2], int shorter_side) {
    int n = 0;
    if (get_ints(sx, name, v, 2, size, &n)) return TS_ERR;
    for (int k = 0; k < n; k++)
        if (size[k] <= 0) return arg_error(sx, "%s must be positive, got %s", name, v->text);
    if (n == 1) size[1] = shorter_side ? 0 : size[0];
    return TS_OK;
}

/* torchvision's padding: p (all sides), (left/right, top/bottom) or (left, top, right, bottom). */
static int get_padding(const step_syntax *sx, const value *v, int padding[4]) {
    int p[MAX_TUPLE] = {0}, n = 0;
    if (get_ints(sx, "padding", v, 4, p, &n)) return TS_ERR;
    if (n == 3) return arg_error(sx, "padding must be 1, 2 or 4 integers, got %s", v->text);
    for (int k = 0; k < n; k++)
        if (p[k] < 0) return arg_error(sx, "padding must be >= 0, got %d", p[k]);
    const int l = p[0], t = n >= 2 ? p[1] : p[0], r = n == 4 ? p[2] : p[0], b = n == 4 ? p[3] : t;
    padding[0] = l, padding[1] = t, padding[2] = r, padding[3] = b;
    return TS_OK;
}

/* A fill or erasing value: any number on a float tensor, 0..255 on a uint8 one. */
static int check_pixel_value(const step_syntax *sx, const char *name, const value *v, float x, int is_float) {
    if (!is_float && !(x >= 0.0f && x <= 255.0f))
        return arg_error(sx, "%s must be in 0..255 before ToTensor (a uint8 image), got %s", name, v->text);
    return TS_OK;
}

static int get_probability(const step_syntax *sx, const value *v, float *p) {
    if (get_float(sx, "p", v, p)) return TS_ERR;
    if (!(*p >= 0.0f && *p <= 1.0f)) return arg_error(sx, "p must be in [0, 1], got %s", v->text);
    return TS_OK;
}

/* A (min, max) pair with lo ≤ min ≤ max ≤ hi. */
static int get_range(const step_syntax *sx, const char *name, const value *v, float lo, float hi, float out[2]) {
    int n = 0;
    if (get_floats(sx, name, v, 2, out, &n)) return TS_ERR;
    if (n != 2) return arg_error(sx, "%s must be a (min, max) tuple, got %s", name, v->text);
    if (!(lo <= out[0] && out[0] <= out[1] && out[1] <= hi))
        return arg_error(sx, "%s must satisfy %g <= min <= max <= %g, got %s", name, lo, hi, v->text);
    return TS_OK;
}

/* ColorJitter's _check_input: v ≥ 0 → [max(0, 1 − v), 1 + v] (hue: [−v, v], v ≤ 0.5), or a
   (min, max) pair within the bounds; (1, 1) ((0, 0) for hue) disables the adjustment. */
static int get_jitter(const step_syntax *sx, const char *name, const value *v, int is_hue, float range[2], int *on) {
    const float center = is_hue ? 0.0f : 1.0f;
    if (v->is_tuple) {
        if (get_range(sx, name, v, is_hue ? -0.5f : 0.0f, is_hue ? 0.5f : INFINITY, range)) return TS_ERR;
    } else {
        float x = 0.0f; /* get_float sets it; initialised for gcc's -Wmaybe-uninitialized */
        if (get_float(sx, name, v, &x)) return TS_ERR;
        if (!(x >= 0.0f)) return arg_error(sx, "%s must be >= 0, got %s", name, v->text);
        if (is_hue && x > 0.5f) return arg_error(sx, "hue must be in [0, 0.5], got %s", v->text);
        range[0] = is_hue ? -x : fmaxf(0.0f, 1.0f - x), range[1] = center + x;
    }
    *on = !(range[0] == center && range[1] == center);
    return TS_OK;
}

static int get_string(const step_syntax *sx, const char *name, const value *v, const char *const *choices, int nchoices,
                      int *choice) {
    /* InterpolationMode.NEAREST and 'nearest' alike: the part after the last '.', any case */
    const char *s = v->text;
    if (v->kind == VAL_STRING) {
        const char *dot = strrchr(s, '.');
        if (dot) s = dot + 1;
        if (*s == '\'') s++;
        for (int k = 0; k < nchoices; k++) {
            const size_t len = strlen(choices[k]);
            if (!strncasecmp(s, choices[k], len) && (s[len] == '\0' || s[len] == '\'')) {
                *choice = k;
                return TS_OK;
            }
        }
    }
    char list[128] = "";
    for (int k = 0; k < nchoices; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", k ? ", " : "", choices[k]);
    return arg_error(sx, "%s must be one of %s, got %s", name, list, v->text);
}

/* ---- one builder per transform ------------------------------------------------------- */

static int build_center_crop(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    return get_size(sx, "size", args[0], s->size, 0);
}

/* Pad's and RandomCrop's padding: None (the default) is no padding. */
static int get_padding_arg(const step_syntax *sx, const value *padding, ts_step *s) {
    s->has_padding = padding && padding->kind != VAL_NONE;
    return s->has_padding ? get_padding(sx, padding, s->padding) : TS_OK;
}

/* Pad's and RandomCrop's fill (checked against the image's type) and padding_mode. */
static int get_fill_and_mode(const step_syntax *sx, const value *fill, const value *mode, int is_float, ts_step *s) {
    static const char *const PAD_MODES[] = {"constant", "edge", "reflect", "symmetric"};
    int choice = 0;
    if (fill && (get_float(sx, "fill", fill, &s->fill) || check_pixel_value(sx, "fill", fill, s->fill, is_float)))
        return TS_ERR;
    if (mode && get_string(sx, "padding_mode", mode, PAD_MODES, 4, &choice)) return TS_ERR;
    s->padding_mode = mode ? (ts_padding_mode)choice : TS_PAD_CONSTANT;
    return TS_OK;
}

static int build_pad(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    if (get_padding_arg(sx, args[0], s)) return TS_ERR;
    return get_fill_and_mode(sx, args[1], args[2], is_float, s);
}

static int build_random_crop(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    if (get_size(sx, "size", args[0], s->size, 0) || get_padding_arg(sx, args[1], s)) return TS_ERR;
    if (args[2]) {
        if (args[2]->kind != VAL_BOOL)
            return arg_error(sx, "pad_if_needed must be True or False, got %s", args[2]->text);
        s->pad_if_needed = (int)args[2]->num[0];
    }
    return get_fill_and_mode(sx, args[3], args[4], is_float, s);
}

static int build_flip(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    s->p = 0.5f;
    return args[0] ? get_probability(sx, args[0], &s->p) : TS_OK;
}

static int build_resize(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    static const char *const INTERPOLATIONS[] = {"bilinear", "nearest"};
    int choice = 0;
    if (get_size(sx, "size", args[0], s->size, 1)) return TS_ERR;
    if (args[1] && get_string(sx, "interpolation", args[1], INTERPOLATIONS, 2, &choice)) return TS_ERR;
    s->interpolation = args[1] ? (ts_interpolation)choice : TS_INTERP_BILINEAR;
    return TS_OK;
}

static int build_color_jitter(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    for (int k = 0; k < 4; k++)
        if (args[k] && get_jitter(sx, sx->params[k], args[k], k == 3, s->jitter[k], &s->jitter_on[k])) return TS_ERR;
    return TS_OK;
}

static int build_grayscale(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    int n = 0;
    s->num_output_channels = 1;
    if (!args[0]) return TS_OK;
    if (get_ints(sx, "num_output_channels", args[0], 1, &s->num_output_channels, &n)) return TS_ERR;
    if (s->num_output_channels != 1 && s->num_output_channels != 3)
        return arg_error(sx, "num_output_channels must be 1 or 3, got %s", args[0]->text);
    return TS_OK;
}

/* GaussianBlur's sigma: σ > 0 (always that σ), or a (min, max) range to draw σ from, min > 0. */
static int get_sigma(const step_syntax *sx, const value *v, float sigma[2]) {
    if (v->is_tuple ? get_range(sx, "sigma", v, 0.0f, INFINITY, sigma) : get_float(sx, "sigma", v, &sigma[0]))
        return TS_ERR;
    if (!(sigma[0] > 0.0f)) return arg_error(sx, "sigma must be positive, got %s", v->text);
    if (!v->is_tuple) sigma[1] = sigma[0];
    return TS_OK;
}

static int build_gaussian_blur(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    int k[2] = {0, 0}, n = 0;
    if (get_ints(sx, "kernel_size", args[0], 2, k, &n)) return TS_ERR;
    if (n == 1) k[1] = k[0];
    for (int a = 0; a < 2; a++)
        if (k[a] <= 0 || k[a] % 2 == 0 || k[a] > TS_BLUR_MAX_KERNEL)
            return arg_error(sx, "kernel_size must be odd, positive and at most %d, got %s", TS_BLUR_MAX_KERNEL,
                             args[0]->text);
    s->kernel[0] = k[0], s->kernel[1] = k[1];
    s->sigma[0] = 0.1f, s->sigma[1] = 2.0f;
    return args[1] ? get_sigma(sx, args[1], s->sigma) : TS_OK;
}

static int build_to_tensor(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    if (is_float)
        return ts_fail("transform spec: ToTensor at column %d: the image is already a float tensor (ToTensor twice?)",
                       col);
    return TS_OK;
}

static int build_normalize(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    if (!is_float)
        return ts_fail("transform spec: Normalize at column %d needs a float tensor: put it after ToTensor", col);
    if (get_floats(sx, "mean", args[0], TS_STEP_MAX_CHANNELS, s->mean, &s->nmean) ||
        get_floats(sx, "std", args[1], TS_STEP_MAX_CHANNELS, s->std, &s->nstd))
        return TS_ERR;
    for (int k = 0; k < s->nstd; k++)
        if (s->std[k] == 0.0f) return arg_error(sx, "std must not be zero, got %s", args[1]->text);
    return TS_OK;
}

/* RandomErasing's value: a number or a tuple (checked against the image's type), or 'random'
   (N(0, 1) values: a float tensor only), stored as nvalue = 0. */
static int get_erasing_value(const step_syntax *sx, const value *v, int is_float, ts_step *s) {
    if (v->kind == VAL_STRING) {
        if (strcmp(v->text, "'random'") && strcmp(v->text, "random"))
            return arg_error(sx, "value must be a number, a tuple or 'random', got %s", v->text);
        if (!is_float)
            return arg_error(sx,
                             "value='random' draws N(0, 1) values: it needs a float tensor (put it after ToTensor)");
        s->nvalue = 0;
        return TS_OK;
    }
    if (get_floats(sx, "value", v, TS_STEP_MAX_CHANNELS, s->value, &s->nvalue)) return TS_ERR;
    for (int k = 0; k < s->nvalue; k++)
        if (check_pixel_value(sx, "value", v, s->value[k], is_float)) return TS_ERR;
    return TS_OK;
}

static int build_random_erasing(const step_syntax *sx, const value *const *args, int is_float, int col, ts_step *s) {
    s->p = 0.5f, s->scale[0] = 0.02f, s->scale[1] = 0.33f, s->ratio[0] = 0.3f, s->ratio[1] = 3.3f;
    s->nvalue = 1, s->value[0] = 0.0f;
    if (args[0] && get_probability(sx, args[0], &s->p)) return TS_ERR;
    if (args[1] && get_range(sx, "scale", args[1], 0.0f, 1.0f, s->scale)) return TS_ERR;
    if (args[2] && get_range(sx, "ratio", args[2], 0.0f, INFINITY, s->ratio)) return TS_ERR;
    if (args[2] && !(s->ratio[0] > 0.0f)) return arg_error(sx, "ratio must be positive, got %s", args[2]->text);
    return args[3] ? get_erasing_value(sx, args[3], is_float, s) : TS_OK;
}

/* ---- the transforms: name → parameters → builder -------------------------------------- */

static const step_syntax SYNTAX[] = {
    {"CenterCrop", TS_STEP_CENTER_CROP, {"size"}, 1, build_center_crop},
    {"ColorJitter", TS_STEP_COLOR_JITTER, {"brightness", "contrast", "saturation", "hue"}, 0, build_color_jitter},
    {"Grayscale", TS_STEP_GRAYSCALE, {"num_output_channels"}, 0, build_grayscale},
    {"Pad", TS_STEP_PAD, {"padding", "fill", "padding_mode"}, 1, build_pad},
    {"RandomCrop", TS_STEP_RANDOM_CROP, {"size", "padding", "pad_if_needed", "fill", "padding_mode"}, 1,
     build_random_crop},
    {"RandomHorizontalFlip", TS_STEP_HFLIP, {"p"}, 0, build_flip},
    {"RandomVerticalFlip", TS_STEP_VFLIP, {"p"}, 0, build_flip},
    {"Resize", TS_STEP_RESIZE, {"size", "interpolation"}, 1, build_resize},
    {"GaussianBlur", TS_STEP_GAUSSIAN_BLUR, {"kernel_size", "sigma"}, 1, build_gaussian_blur},
    {"ToTensor", TS_STEP_TO_TENSOR, {NULL}, 0, build_to_tensor},
    {"Normalize", TS_STEP_NORMALIZE, {"mean", "std"}, 2, build_normalize},
    {"RandomErasing", TS_STEP_RANDOM_ERASING, {"p", "scale", "ratio", "value"}, 0, build_random_erasing},
    {"ToPILImage", TS_STEP_TO_PIL_IMAGE, {NULL}, 0, NULL}, /* no mode: the image keeps its channels */
};
enum { NSYNTAX = sizeof SYNTAX / sizeof *SYNTAX };

const char *ts_step_name(ts_step_kind kind) {
    for (int k = 0; k < NSYNTAX; k++)
        if (SYNTAX[k].kind == kind) return SYNTAX[k].name;
    return "?";
}


/* ---- one step --------------------------------------------------------------------------- */

/* Parses one step at the current token (a NAME) into s. */
static int parse_step(lexer *lx, int is_float, ts_step *s, value vals[MAX_PARAMS]) {
    token *t = &lx->tok;
    if (t->kind != TOK_NAME) return syntax_error(t, "expected a transform name");
    const step_syntax *sx = NULL;
    for (int k = 0; k < NSYNTAX; k++)
        if (!strcmp(SYNTAX[k].name, t->text)) sx = &SYNTAX[k];
    if (!sx) return ts_fail("transform spec: unknown transform '%s' at column %d", t->text, t->col);
    const int col = t->col;
    int nparams = 0;
    while (nparams < MAX_PARAMS && sx->params[nparams]) nparams++;
    const value *args[MAX_PARAMS] = {NULL};
    if (next_token(lx)) return TS_ERR;
    if (is_punct(t, '(')) {
        if (next_token(lx)) return TS_ERR;
        int positional = 0, keywords = 0;
        while (!is_punct(t, ')')) {
            if (positional + keywords > 0) {
                if (!is_punct(t, ',')) return syntax_error(t, "expected ',' or ')'");
                if (next_token(lx)) return TS_ERR;
            }
            int slot = -1;
            /* NAME "=" → a keyword argument; otherwise the next positional parameter. */
            if (t->kind == TOK_NAME && lx->src[lx->pos] != '\0') {
                size_t p = lx->pos;
                while (isspace((unsigned char)lx->src[p])) p++;
                if (lx->src[p] == '=') {
                    for (int k = 0; k < nparams; k++)
                        if (!strcmp(sx->params[k], t->text)) slot = k;
                    if (slot < 0)
                        return ts_fail("transform spec: %s: unknown argument '%s' at column %d", sx->name, t->text, t->col);
                    if (args[slot])
                        return ts_fail("transform spec: %s: got multiple values for '%s' at column %d", sx->name, t->text,
                                       t->col);
                    if (next_token(lx) || next_token(lx)) return TS_ERR;
                    keywords++;
                }
            }
            if (slot < 0) {
                if (keywords) return syntax_error(t, "positional argument after a keyword argument");
                if (positional >= nparams)
                    return ts_fail("transform spec: %s takes at most %d argument%s, got another at column %d", sx->name,
                                   nparams, nparams == 1 ? "" : "s", t->col);
                slot = positional++;
            }
            if (parse_value(lx, &vals[slot])) return TS_ERR;
            args[slot] = &vals[slot];
        }
        if (next_token(lx)) return TS_ERR;
    }
    for (int k = 0; k < sx->required; k++)
        if (!args[k])
            return ts_fail("transform spec: %s at column %d: missing required argument '%s'", sx->name, col, sx->params[k]);
    memset(s, 0, sizeof *s);
    s->kind = sx->kind;
    return sx->build ? sx->build(sx, args, is_float, col, s) : TS_OK;
}

/* The spec without blanks outside strings (with room for "none"). */
static char *strip_blanks(const char *spec) {
    char *out = malloc(strlen(spec) + sizeof "none");
    if (!out) return NULL;
    size_t n = 0;
    char quote = 0;
    for (const char *p = spec; *p; p++) {
        if (quote ? *p == quote : (*p == '\'' || *p == '"')) quote = quote ? 0 : *p;
        if (quote || !isspace((unsigned char)*p)) out[n++] = *p;
    }
    out[n] = '\0';
    return out;
}

ts_transform *ts_transform_parse(const char *spec) {
    if (!spec) spec = "";
    ts_transform *t = calloc(1, sizeof *t);
    char *stripped = strip_blanks(spec);
    /* at most one step per comma, plus one */
    size_t cap = 1;
    for (const char *p = spec; *p; p++) cap += *p == ',';
    if (t) t->steps = calloc(cap, sizeof *t->steps);
    if (!t || !stripped || !t->steps) {
        free(stripped);
        ts_transform_free(t);
        ts_fail("transform spec: out of memory");
        return NULL;
    }
    const int identity = stripped[0] == '\0' || !strcmp(stripped, "none");
    t->description = identity ? strcpy(stripped, "none") : stripped;
    if (identity) return t;
    lexer lx = {.src = spec};
    if (next_token(&lx)) goto fail;
    int is_float = 0, is_pil = 0; /* the image starts as a uint8 tensor */
    for (;;) {
        value vals[MAX_PARAMS];
        const int col = lx.tok.col;
        if (parse_step(&lx, is_float, &t->steps[t->nsteps], vals)) goto fail;
        const ts_step_kind kind = t->steps[t->nsteps++].kind;
        if (kind == TS_STEP_TO_PIL_IMAGE && is_pil) {
            /* torchvision: "pic should be Tensor or ndarray. Got <class 'PIL.Image.Image'>" */
            ts_fail("transform spec: ToPILImage at column %d: the image is already a PIL image", col);
            goto fail;
        }
        if (kind == TS_STEP_TO_TENSOR || kind == TS_STEP_TO_PIL_IMAGE) {
            is_float = kind == TS_STEP_TO_TENSOR;
            is_pil = !is_float;
        }
        if (lx.tok.kind == TOK_END) break;
        if (!is_punct(&lx.tok, ',')) {
            syntax_error(&lx.tok, "expected ',' between transforms");
            goto fail;
        }
        if (next_token(&lx)) goto fail;
    }
    t->outputs_float = is_float;
    return t;
fail:
    ts_transform_free(t);
    return NULL;
}
