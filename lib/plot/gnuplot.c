/* Drawing a chart: gnuplot on name.gp, when it is installed.
 *
 * The script is self-contained and relative: it reads 'name.dat' and writes 'name.png'
 * from the directory it is run in, so the library runs gnuplot in a child process whose
 * working directory is `dir` (fork, chdir, exec — no shell, so no quoting of `dir`), and a
 * reader can run `gnuplot name.gp` in that directory and get the same picture. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/error.h"
#include "chart_parts.h"

/* Looks `prog` up in $PATH like execvp does (an empty entry is the current directory) and
   writes the first regular executable file's path to out. Returns 1 when found. */
static int find_in_path(const char *prog, char *out, size_t len) {
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin"; /* execvp's fallback, roughly */
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        const size_t n = end ? (size_t)(end - p) : strlen(p);
        const int w = n ? snprintf(out, len, "%.*s/%s", (int)n, p, prog) : snprintf(out, len, "./%s", prog);
        struct stat st;
        if (w > 0 && (size_t)w < len && access(out, X_OK) == 0 && stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return 1;
        if (!end) return 0;
        p = end;
    }
}

int ts_gnuplot_available(void) {
    char path[PATH_MAX];
    return find_in_path("gnuplot", path, sizeof path);
}

/* ------------------------------------------------------------ running gnuplot */

/* From gnuplot's stderr, the line that says what went wrong: the first one of the form
   "name.gp" line N: ... (gnuplot first echoes the failing command with a caret under it,
   and cairo/fontconfig may add noise), else the first non-blank line. */
static void gnuplot_message(char *text, const char *script, char *out, size_t len) {
    char marker[NAME_MAX + 16];
    snprintf(marker, sizeof marker, "\"%s\" line ", script);
    const char *pick = NULL, *first = NULL;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (*p && !first) first = p;
        if (!pick && strncmp(p, marker, strlen(marker)) == 0) pick = p;
        line = next;
    }
    const char *msg = pick ? pick : first ? first : "(no message)";
    const size_t n = strlen(msg) < len - 1 ? strlen(msg) : len - 1; /* cut, never overflow */
    memcpy(out, msg, n);
    out[n] = '\0';
    for (size_t k = n; k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\r'); k--) out[k - 1] = '\0';
}

/* Runs `gnuplot name.gp` with `dir` as working directory; stdout is discarded, stderr is
   kept for the error message. The child only calls async-signal-safe functions between
   fork and exec, so this is safe from a multi-threaded (OpenMP) program. */
static int run_gnuplot(const char *gnuplot, const ts_chart *c) {
    char script[NAME_MAX + 8];
    snprintf(script, sizeof script, "%s.gp", c->name);
    char *const argv[] = {"gnuplot", script, NULL};

    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) return ts_fail("%s/%s: cannot run gnuplot: pipe: %s", c->dir, script, strerror(errno));
    const int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    const pid_t pid = devnull < 0 ? -1 : fork();
    if (pid == 0) {
        static const char cd_failed[] = "trainskill: cannot change to the chart directory\n";
        static const char exec_failed[] = "trainskill: cannot execute gnuplot\n";
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(pipefd[1], STDERR_FILENO);
        if (chdir(c->dir) != 0) {
            (void)!write(STDERR_FILENO, cd_failed, sizeof cd_failed - 1);
            _exit(126);
        }
        execv(gnuplot, argv);
        (void)!write(STDERR_FILENO, exec_failed, sizeof exec_failed - 1);
        _exit(127);
    }
    const int fork_errno = errno;
    close(pipefd[1]);
    if (devnull >= 0) close(devnull);
    if (pid < 0) {
        close(pipefd[0]);
        return ts_fail("%s/%s: cannot run gnuplot: %s", c->dir, script, strerror(fork_errno));
    }

    /* Keep the start of stderr, drain the rest so gnuplot never blocks on a full pipe. */
    char err[4096], sink[1024];
    size_t got = 0;
    for (;;) {
        const size_t room = sizeof err - 1 - got;
        const ssize_t r = room ? read(pipefd[0], err + got, room) : read(pipefd[0], sink, sizeof sink);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        if (room) got += (size_t)r;
    }
    err[got] = '\0';
    close(pipefd[0]);
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0)
        if (errno != EINTR) return ts_fail("%s/%s: waiting for gnuplot: %s", c->dir, script, strerror(errno));

    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return TS_OK;
    char message[512];
    gnuplot_message(err, script, message, sizeof message);
    if (WIFSIGNALED(wstatus))
        return ts_fail("%s/%s: gnuplot killed by signal %d: %s", c->dir, script, WTERMSIG(wstatus), message);
    return ts_fail("%s/%s: gnuplot failed (exit status %d): %s", c->dir, script, WEXITSTATUS(wstatus), message);
}

int ts_chart_render(const ts_chart *c, int *rendered) {
    if (rendered) *rendered = 0;
    char png[PATH_MAX];
    const int w = snprintf(png, sizeof png, "%s/%s.png", c->dir, c->name);
    if (w < 0 || (size_t)w >= sizeof png) return ts_fail("%s/%s.png: path too long", c->dir, c->name);
    if (unlink(png) != 0 && errno != ENOENT) return ts_fail("%s: cannot replace: %s", png, strerror(errno));
    char gnuplot[PATH_MAX];
    if (!find_in_path("gnuplot", gnuplot, sizeof gnuplot)) return TS_OK;
    if (run_gnuplot(gnuplot, c) != TS_OK) {
        unlink(png);
        return TS_ERR;
    }
    struct stat st;
    if (stat(png, &st) != 0 || st.st_size == 0) return ts_fail("%s: gnuplot succeeded but wrote no image", png);
    if (rendered) *rendered = 1;
    return TS_OK;
}
