/**
 * The GitHub workflow `concert init` writes (SPEC 8.2): it runs as written in a coalition's
 * repository, with Concert pinned to the version that wrote it, through the Concert action
 * (`action.yml` at the root of Concert's repository), so no package registry is needed.
 */
import { VERSION } from '../version.js';

/** Concert's repository on GitHub, and so the action's name (package.json `repository` says the same). */
export const ACTION_REPOSITORY = 'concert-tools/concert';

/** The hidden first line of the pull-request comment, by which a later run finds it to update it. */
export const DIFF_MARKER = '<!-- concert-diff -->';

/** GitHub's own actions, pinned by commit (a tag can be moved, a commit cannot), their tag in a comment. */
const CHECKOUT = 'actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2';
const UPLOAD_ARTIFACT = 'actions/upload-artifact@b7c566a772e6b6bfb58ed0dc250532a479d7789f # v6.0.0';

/** `.github/workflows/concert.yml` for Concert `version` (this one's by default). */
export function workflowFile(version: string = VERSION): string {
  const concert = `${ACTION_REPOSITORY}@v${version}`;
  return `# Concert for this initiative, written by \`concert init\` (Concert ${version}).
#
# On a pull request: validate the initiative (each problem becomes an annotation on its line) and
# say what the change means (\`concert diff\`) in one comment, updated on each push. Every month,
# and on demand: render the progress report, kept as an artifact of the run.
#
# Pinned: each Concert step below is the Concert action at the tag of the version that wrote
# this file and .concert/schemas/ (${concert}). The action builds that version
# from its own source on the runner (its dependencies exactly as its lock file lists them), so
# Concert need not be published anywhere, and nothing changes until you change the tag. To upgrade,
# change every "@v${version}" below together (Dependabot's "github-actions" updates propose it).
# GitHub's actions are pinned by commit, their version in a comment: a tag can be moved, a commit
# cannot. The action sets up Node.js 26, the current LTS line.
name: concert
on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "0 6 1 * *"
  workflow_dispatch:

# Least privilege: every job reads the repository; only the one that comments writes, and only
# to pull requests.
permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - name: Validate
        uses: ${concert}
        with:
          command: validate . --format github

  diff:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      contents: read
      pull-requests: write
    # A newer push replaces a run still going, so two runs never both post a first comment.
    concurrency:
      group: concert-diff-\${{ github.event.pull_request.number }}
      cancel-in-progress: true
    steps:
      - uses: ${CHECKOUT}
        with:
          fetch-depth: 0 # the whole history: the base commit is compared with the merge
          persist-credentials: false
      - name: What the change means
        uses: ${concert}
        with:
          command: diff . --from \${{ github.event.pull_request.base.sha }} --format md
          output-file: \${{ runner.temp }}/concert-diff.md
      - name: Comment on the pull request
        # Also when the diff found errors; not on a fork's pull request, whose token cannot write.
        if: \${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}
        env:
          GH_TOKEN: \${{ github.token }}
          REPO: \${{ github.repository }}
          PR: \${{ github.event.pull_request.number }}
          DIFF: \${{ runner.temp }}/concert-diff.md
        run: |
          if [ ! -s "$DIFF" ]; then
            echo "concert diff wrote nothing to comment"
            exit 0
          fi
          marker='${DIFF_MARKER}'
          body="$RUNNER_TEMP/concert-comment.md"
          { printf '%s\\n\\n' "$marker"; cat "$DIFF"; } > "$body"
          # The comment an earlier run wrote starts with the marker: update it, never add another.
          id=$(gh api --paginate "repos/$REPO/issues/$PR/comments" \\
            --jq ".[] | select(.body | startswith(\\"$marker\\")) | .id" | awk 'NR == 1')
          if [ -n "$id" ]; then
            gh api --method PATCH "repos/$REPO/issues/comments/$id" -F "body=@$body" --silent
            echo "updated comment $id"
          else
            gh api --method POST "repos/$REPO/issues/$PR/comments" -F "body=@$body" --silent
            echo "commented on #$PR"
          fi

  report:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    needs: validate
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      # Outside the checkout, so the report's provenance sees the working tree as committed.
      - run: mkdir -p "$RUNNER_TEMP/reports"
      - name: Progress report (HTML)
        uses: ${concert}
        with:
          command: report . --format html --out \${{ runner.temp }}/reports/progress.html
      - name: Progress report (Markdown)
        uses: ${concert}
        with:
          command: report . --format md --out \${{ runner.temp }}/reports/progress.md
      - uses: ${UPLOAD_ARTIFACT}
        with:
          name: progress-report
          path: \${{ runner.temp }}/reports/
          if-no-files-found: error
`;
}
