// dpcgan JShell start-up: `./dpcgan jshell` loads this file with the library on the class path.
// The public API only: no two imported types share a simple name (JShellQuickStartTest checks it).
import java.nio.file.*;
import java.util.*;
import tech.tablesaw.api.*;
import org.dpcgan.core.data.*;
import org.dpcgan.core.synth.*;
import org.dpcgan.privacy.accounting.*;
import org.dpcgan.privacy.ledger.*;
import org.dpcgan.eval.*;
import org.dpcgan.eval.rules.*;
// Tribuo (the evaluation's classifiers) logs every model it trains at INFO through java.util.logging; keep only its
// warnings here. tribuoLog.setLevel(java.util.logging.Level.INFO) shows them again.
var tribuoLog = java.util.logging.Logger.getLogger("org.tribuo");
tribuoLog.setLevel(java.util.logging.Level.WARNING);
