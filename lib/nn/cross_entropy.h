/* Cross-entropy on logits, as torch.nn.functional.cross_entropy (mean reduction):
 *   loss = −(1/N) Σ_n log softmax(z_n)[y_n]
 *        =  (1/N) Σ_n ( logsumexp(z_n) − z_n[y_n] )       (max subtracted for stability)
 *   dL/dz_n = (softmax(z_n) − onehot(y_n)) / N
 * `scale` multiplies the gradient (1 normally; 1/k for k accumulated micro-batches, which
 * equals dividing the loss by k). dlogits may be NULL to get the loss only. Labels
 * outside [0, classes) are an error (PyTorch raises too). */
#ifndef TS_CROSS_ENTROPY_H
#define TS_CROSS_ENTROPY_H

/* Returns 0 and writes *loss (and dlogits (N, classes)), or TS_ERR on a bad label. */
int ts_cross_entropy(const float *logits, const int *labels, int n, int classes, float scale,
                     float *loss, float *dlogits);

/* How many rows have their largest logit at the label (first maximum wins). */
int ts_count_correct(const float *logits, const int *labels, int n, int classes);

#endif
