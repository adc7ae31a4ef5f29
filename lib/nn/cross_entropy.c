#include "cross_entropy.h"

#include <math.h>
#include <stddef.h>

#include "../core/error.h"

int ts_cross_entropy(const float *logits, const int *labels, int n, int classes, float scale,
                     float *loss, float *dlogits) {
    double total = 0.0;
    for (int i = 0; i < n; i++) {
        if (labels[i] < 0 || labels[i] >= classes)
            return ts_fail("label %d of sample %d is out of range [0, %d)", labels[i], i, classes);
        const float *z = logits + (size_t)i * classes;
        float max = z[0];
        for (int k = 1; k < classes; k++) max = z[k] > max ? z[k] : max;
        double sum = 0.0;
        for (int k = 0; k < classes; k++) sum += exp((double)(z[k] - max));
        const double logsumexp = max + log(sum);
        total += logsumexp - z[labels[i]];
        if (dlogits) {
            float *dz = dlogits + (size_t)i * classes;
            const float g = scale / (float)n;
            for (int k = 0; k < classes; k++)
                dz[k] = g * ((float)exp(z[k] - logsumexp) - (k == labels[i] ? 1.0f : 0.0f));
        }
    }
    *loss = (float)(total / n);
    return TS_OK;
}

int ts_count_correct(const float *logits, const int *labels, int n, int classes) {
    int correct = 0;
    for (int i = 0; i < n; i++) {
        const float *z = logits + (size_t)i * classes;
        int best = 0;
        for (int k = 1; k < classes; k++)
            if (z[k] > z[best]) best = k;
        correct += best == labels[i];
    }
    return correct;
}
