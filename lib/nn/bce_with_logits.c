#include "bce_with_logits.h"

#include <math.h>

float ts_bce_with_logits(const float *logits, const float *targets, int n, float scale,
                         float *dlogits) {
    double total = 0.0;
    for (int i = 0; i < n; i++) {
        const double z = logits[i], t = targets[i];
        total += (z > 0 ? z : 0) - z * t + log1p(exp(-fabs(z)));
        if (dlogits) {
            const double sigmoid = z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
            dlogits[i] = (float)(scale * (sigmoid - t) / n);
        }
    }
    return (float)(total / n);
}
