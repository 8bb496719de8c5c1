/**
 * Internal: the metadata of a DP fit (DESIGN.md §4.1). {@link org.dpcgan.core.internal.metadata.DpMetadata}
 * releases Gaussian-noised histograms of the table once, charged to the ledger, and derives from them the
 * transformer's column models and the generator's condition frequencies, so that nothing else reads the table
 * before DP training.
 */
package org.dpcgan.core.internal.metadata;
