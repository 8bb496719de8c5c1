/**
 * The privacy ledger: every {@link org.dpcgan.privacy.accounting.DpEvent} a training has spent, with a
 * label, serialisable to versioned JSON so that a model file carries it and a resumed training continues it.
 */
package org.dpcgan.privacy.ledger;
