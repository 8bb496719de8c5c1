/**
 * Internal: how a cell's text becomes a value (numbers, dates, the order of levels), shared by the table reader,
 * the schema and the transformer so that they agree.
 */
package org.dpcgan.core.internal.cells;
