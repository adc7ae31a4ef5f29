/* SGD with momentum, as torch.optim.SGD (1.13, _single_tensor_sgd):
 *   g ← ∇ + weight_decay·θ
 *   if momentum:  b ← g at the first step, else b ← momentum·b + (1 − dampening)·g
 *                 g ← g + momentum·b if nesterov, else g ← b
 *   θ ← θ − lr·g
 * Note PyTorch's form puts lr outside the buffer (Sutskever et al. put it inside);
 * the two differ when lr changes during training. */
#include "optimizer.h"


void ts_sgd_step(ts_optimizer *opt) {
    const ts_sgd_options o = opt->sgd;
    const float lr = opt->lr;
    const int first = opt->steps == 1;
    float *theta = opt->params, *buf = opt->state1;
    const float *grad = opt->grads;
    for (size_t i = 0; i < opt->n; i++) {
        float g = grad[i] + o.weight_decay * theta[i];
        if (o.momentum != 0.0f) {
            buf[i] = first ? g : o.momentum * buf[i] + (1.0f - o.dampening) * g;
            g = o.nesterov ? g + o.momentum * buf[i] : buf[i];
        }
        theta[i] -= lr * g;
    }
}
