/**
 * Plausibility rules ({@link org.dpcgan.eval.rules.Rules}): a small language of declared facts about rows
 * ({@code sex = Female => relationship != Husband}), a parser with located errors, validation against column
 * domains with a satisfiability check, and per-rule violation counts, row masks and filtering. Rules are public
 * knowledge under differential privacy: declared, never learnt from the data.
 */
package org.dpcgan.eval.rules;
