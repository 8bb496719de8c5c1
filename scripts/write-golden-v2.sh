#!/usr/bin/env bash
# Writes dpcgan-core's golden-v2.dpcgan model file (GoldenV2Writer, a test-scope main) to the path given, by default
# over the committed one. Only for a new golden file: never regenerate one after a format change (GoldenModelFileTest).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/dpcgan-core"
mvn -B -q -o -pl dpcgan-core -am test-compile -f "$root/pom.xml"
cp="$(mktemp)"
trap 'rm -f "$cp"' EXIT
mvn -B -q -o -f "$root/dpcgan-core/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp"
OMP_NUM_THREADS=1 java -cp "target/test-classes:target/classes:$(cat "$cp")" org.dpcgan.core.synth.GoldenV2Writer "$@"
