#!/usr/bin/env bash
# The composite action's work (action.yml): run each script, compare it with its baseline, and create or
# update one PR comment. Inputs arrive as INPUT_* variables; $LLMLOAD is the command that runs llmload.
# Tested by test/e2e/github-action.test.ts against a local fake GitHub API.
set -uo pipefail
read -r -a LL <<< "$LLMLOAD"
results="$INPUT_RESULTS_DIR"
mkdir -p "$results"
comment="$results/comment.md"
printf '%s\n## llmload\n' '<!-- llmload-compare -->' > "$comment"
worst=0
note() { [ "$1" -gt "$worst" ] && worst=$1; return 0; }

for script in $INPUT_SCRIPTS; do
  name=$(basename "$script")
  name=${name%.*}
  summary="$results/$name.json"
  # INPUT_ARGS is split into words on purpose: it holds several flags.
  # shellcheck disable=SC2086
  "${LL[@]}" run -q $INPUT_ARGS --summary-export "$summary" --out "html=$results/$name.html" --out "junit=$results/$name.xml" "$script"
  code=$?
  note "$code"
  printf '\n### `%s`: %s\n\n' "$script" "$([ "$code" = 0 ] && echo 'passed' || echo "exit $code")" >> "$comment"
  [ -f "$summary" ] || continue
  base=""
  if [ -n "$INPUT_BASELINE" ]; then
    if [ -d "$INPUT_BASELINE" ]; then base="$INPUT_BASELINE/$name.json"; else base="$INPUT_BASELINE"; fi
  fi
  if [ -z "$base" ]; then
    echo '_No baseline to compare with._' >> "$comment"
  elif [ ! -f "$base" ]; then
    echo "_No baseline at \`$base\`._" >> "$comment"
  else
    flags=(--noise "$INPUT_NOISE" --format md)
    [ "$INPUT_FAIL_ON_REGRESSION" = true ] && flags+=(--fail-on-regression)
    "${LL[@]}" compare "$summary" "$base" "${flags[@]}" > "$results/$name.compare.md"
    code=$?
    note "$code"
    grep -v -e '<!-- llmload-compare -->' -e '^### llmload: comparison' "$results/$name.compare.md" >> "$comment"
  fi
done

echo "exit_code=$worst" >> "${GITHUB_OUTPUT:-/dev/null}"
if [ "$INPUT_COMMENT" = true ]; then
  # A fork's read-only token cannot comment: say so, but let the results decide the step.
  "${LL[@]}" github-comment "$comment" || echo "::warning title=llmload::could not write the PR comment (see the log above)"
fi
exit "$worst"
