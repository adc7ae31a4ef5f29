/* Adam (Kingma & Ba 2015), as torch.optim.Adam (1.13, _single_tensor_adam, amsgrad off):
 *   g ← ∇ + weight_decay·θ
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + eps)
 * eps is added after the bias correction of √v, exactly where PyTorch adds it. */
#include <math.h>

#include "optimizer.h"


void ts_adam_step(ts_optimizer *opt) {
    const ts_adam_options o = opt->adam;
    const double t = (double)opt->steps;
    const float bias1 = (float)(1.0 - pow(o.beta1, t));
    const float bias2_sqrt = (float)sqrt(1.0 - pow(o.beta2, t));
    const float step_size = opt->lr / bias1;
    float *theta = opt->params, *m = opt->state1, *v = opt->state2;
    const float *grad = opt->grads;
    for (size_t i = 0; i < opt->n; i++) {
        const float g = grad[i] + o.weight_decay * theta[i];
        m[i] = o.beta1 * m[i] + (1.0f - o.beta1) * g;
        v[i] = o.beta2 * v[i] + (1.0f - o.beta2) * g * g;
        theta[i] -= step_size * m[i] / (sqrtf(v[i]) / bias2_sqrt + o.eps);
    }
}
