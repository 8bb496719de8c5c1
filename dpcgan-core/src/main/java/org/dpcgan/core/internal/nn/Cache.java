package org.dpcgan.core.internal.nn;

/**
 * What a layer's forward pass keeps for its backward pass. Each layer defines its own record; a cache must be
 * given back to the layer that produced it.
 */
public interface Cache {}
