/* Wall-clock time for throughput figures and ETAs. */
#ifndef TS_TIMER_H
#define TS_TIMER_H

/* Seconds from an arbitrary origin, monotonic (CLOCK_MONOTONIC). */
double ts_now(void);

#endif
