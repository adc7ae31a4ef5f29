/* Binary cross-entropy on logits, as torch.nn.functional.binary_cross_entropy_with_logits
 * (mean reduction), the GAN discriminator's loss:
 *   ℓ(z, t) = −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = max(z, 0) − z·t + log(1 + e^−|z|)
 * (the right-hand form never overflows), dℓ/dz = σ(z) − t; targets t ∈ [0, 1] may be
 * smoothed (0.9 for one-sided label smoothing). `scale` multiplies the gradient. */
#ifndef TS_BCE_WITH_LOGITS_H
#define TS_BCE_WITH_LOGITS_H

/* logits and targets (N); returns the mean loss, writes dlogits (N) unless NULL. */
float ts_bce_with_logits(const float *logits, const float *targets, int n, float scale,
                         float *dlogits);

#endif
