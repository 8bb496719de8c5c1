/** The {@code dpcgan} command line: one picocli sub-command per verb of DESIGN.md §5. */
package org.dpcgan.cli;
