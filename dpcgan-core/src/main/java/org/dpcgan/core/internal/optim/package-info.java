/**
 * Internal: optimisers. A configuration ({@link org.dpcgan.core.internal.optim.Adam}) is an immutable record; the per-run state
 * ({@link org.dpcgan.core.internal.optim.AdamState}) holds the moments and the step count and is created per training
 * run, so one configuration can train several models.
 */
package org.dpcgan.core.internal.optim;
