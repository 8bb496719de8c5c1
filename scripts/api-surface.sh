#!/usr/bin/env bash
# Lists each library module's exported packages and the public types a user of the jar can reach, read from the
# compiled classes (javap), so that the API can be compared before and after a change. Run after a compile:
#   mvn -B -q -o -pl dpcgan-cli,dpcgan-bench -am test-compile && scripts/api-surface.sh [--list]
# A package is exported when it holds a reachable public type and no path segment "internal" (the convention
# ApiSurfaceTest enforces); a type is reachable when it and every type enclosing it are public.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
list="${1:-}"
for module in dpcgan-privacy dpcgan-core dpcgan-eval; do
  classes="$root/$module/target/classes"
  [ -d "$classes" ] || { echo "$module: no $classes (compile first)" >&2; exit 1; }
  names=$(cd "$classes" && find . -name '*.class' ! -name 'module-info.class' ! -name 'package-info.class' \
    | sed 's|^\./||; s|\.class$||; s|/|.|g' | grep -v '\$[0-9]' | sort)
  # shellcheck disable=SC2086
  javap -cp "$classes" $names | python3 -c '
import re, sys
module, show = sys.argv[1], sys.argv[2] == "--list"
decl = re.compile(r"^((?:[a-z-]+ )*)(?:class|interface|enum) ([\w.$]+)")
public = {}
for line in sys.stdin:
    m = decl.match(line)
    if m:
        name = re.sub(r"<.*", "", m.group(2))
        public[name] = "public " in m.group(1)
def reachable(name):
    parts = name.split("$")
    return all(public.get("$".join(parts[:i + 1]), False) for i in range(len(parts)))
types = sorted(n for n in public if reachable(n))
def pkg(n): return n.rsplit(".", 1)[0]
exported = sorted({pkg(n) for n in types if ".internal" not in pkg(n)})
internal = [n for n in types if ".internal" in pkg(n)]
api = [n for n in types if pkg(n) in exported]
top = sum(1 for n in api if "$" not in n)
print(f"== {module}: {len(exported)} exported packages, {len(api)} public types in them ({top} top-level);"
      f" {len(internal)} public types in internal packages")
for p in exported:
    names = [n[len(p) + 1:].replace("$", ".") for n in api if pkg(n) == p]
    print(f"  {p} ({len(names)})" + (": " + ", ".join(names) if show else ""))
' "$module" "${list:---}"
done
