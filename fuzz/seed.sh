#!/bin/sh
# Fill fuzz/corpus/<target>/ (git-ignored) with the seeds: the committed hand-written ones in fuzz/seeds/ and
# inputs built from the repository's rule, cases and target files. Safe to run again; it only adds files.
set -eu
cd "$(dirname "$0")"
rules=../rules

for target in rule_file csv_roster json_roster expression targets; do
    mkdir -p "corpus/$target"
    cp seeds/"$target"/* "corpus/$target/"
done

# rule_file: every rule and cases file as is, and each rule file with its cases after a `+++` line.
cp "$rules"/*.toml corpus/rule_file/
for rule in "$rules"/*.toml; do
    case "$rule" in *.cases.toml) continue ;; esac
    cases="${rule%.toml}.cases.toml"
    [ -f "$cases" ] || continue
    { cat "$rule"; echo "+++"; cat "$cases"; } > "corpus/rule_file/$(basename "${rule%.toml}").with-cases.toml"
done

# expression: every `expr = "…"` of the rule files, one per file.
n=0
grep -h '^ *expr = "' "$rules"/*.toml | sed 's/^ *expr = "\(.*\)"$/\1/' | while IFS= read -r expr; do
    n=$((n + 1))
    printf '%s' "$expr" > "corpus/expression/rules-$n.txt"
done

# csv_roster: the CSV rosters embedded in the cases files (`members = """…"""`, `orgs = """…"""`).
for cases in "$rules"/*.cases.toml; do
    awk -v out="corpus/csv_roster/$(basename "${cases%.cases.toml}")-" '
        /^(members|orgs) = """$/ { n++; file = out n ".csv"; on = 1; next }
        /^"""$/ { on = 0; next }
        on { print > file }
    ' "$cases"
done

# targets: every target file, alone and followed by the figures of each of its cases after a `+++` line.
if [ -d "$rules/targets" ]; then
    for file in "$rules"/targets/*.toml; do
        case "$file" in *.cases.toml) continue ;; esac
        name=$(basename "${file%.toml}")
        cp "$file" "corpus/targets/$name.toml"
        cases="${file%.toml}.cases.toml"
        [ -f "$cases" ] || continue
        # The lines of each [case.figures] table, up to the next blank line or table header.
        awk -v out="corpus/targets/$name.figures-" -v head="$file" '
            /^\[case\.figures\]/ { n++; file = out n ".toml"; while ((getline line < head) > 0) print line > file; close(head); print "+++" > file; on = 1; next }
            /^\[/ || /^$/ { on = 0 }
            on { print > file }
        ' "$cases"
    done
fi

for target in rule_file csv_roster json_roster expression targets; do
    echo "corpus/$target: $(ls "corpus/$target" | wc -l) files"
done
