/** Poisson sampling of training records, the sampling that the RDP accountant's amplification assumes. */
package org.dpcgan.privacy.sampling;
