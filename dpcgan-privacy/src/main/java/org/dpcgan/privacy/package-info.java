/**
 * Generic DP-SGD machinery that knows nothing about GANs: privacy events and the RDP accountant
 * ({@code accounting}), secure Gaussian noise ({@code noise}), per-example clipping and the noisy clipped
 * sum ({@code clipping}), Poisson sampling ({@code sampling}) and the privacy ledger ({@code ledger}).
 */
package org.dpcgan.privacy;
