#!/usr/bin/env node
/**
 * A stand-in for the GitHub CLI's `gh api`, for test/ci/workflow.test.ts: the pull request's
 * comments live in the JSON file GH_STUB_STATE ({ comments: [...], calls: [...] }) instead of on
 * GitHub. It answers what the workflow's comment step asks: list the comments (with --jq, through
 * the real jq when there is one), post one, update one. Anything else is an error, so a change to
 * the step that the stub does not understand fails the test instead of passing by accident.
 */
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const fail = (message) => {
  process.stderr.write(`gh (stub): ${message}\n`);
  process.exit(1);
};

const args = process.argv.slice(2);
if (args[0] !== 'api') fail(`only "gh api" is stubbed, not: ${args.join(' ')}`);
if (!process.env.GH_TOKEN) fail('GH_TOKEN is not set (gh needs it in a workflow)');

let method = 'GET';
let jq;
let silent = false;
let paginate = false;
let endpoint;
const fields = {};
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === '--method' || a === '-X') method = args[++i];
  else if (a === '--jq' || a === '-q') jq = args[++i];
  else if (a === '--silent') silent = true;
  else if (a === '--paginate') paginate = true;
  else if (a === '-F' || a === '--field') {
    const [key, ...rest] = args[++i].split('=');
    const value = rest.join('=');
    fields[key] = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  } else if (a.startsWith('-')) fail(`unknown flag ${a}`);
  else if (endpoint === undefined) endpoint = a;
  else fail(`a second endpoint: ${a}`);
}

const statePath = process.env.GH_STUB_STATE;
const state = JSON.parse(readFileSync(statePath, 'utf8'));
state.calls.push({ method, endpoint, paginate, fields });
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));

let m;
let response;
if (method === 'GET' && (m = /^repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(endpoint))) {
  response = state.comments;
} else if (method === 'POST' && (m = /^repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(endpoint))) {
  if (typeof fields.body !== 'string') fail('POST without a body');
  response = { id: 1000 + state.comments.length, body: fields.body, user: { login: 'github-actions[bot]' } };
  state.comments.push(response);
} else if (method === 'PATCH' && (m = /^repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(endpoint))) {
  const comment = state.comments.find((c) => String(c.id) === m[2]);
  if (!comment) fail(`no comment ${m[2]}`);
  if (typeof fields.body !== 'string') fail('PATCH without a body');
  comment.body = fields.body;
  response = comment;
} else {
  fail(`not stubbed: ${method} ${endpoint}`);
}
save();

const json = JSON.stringify(response);
if (jq !== undefined) {
  const real = spawnSync('jq', ['-r', jq], { input: json, encoding: 'utf8' });
  if (!real.error) {
    if (real.status !== 0) fail(`jq: ${real.stderr}`);
    process.stdout.write(real.stdout);
  } else {
    // No jq here: the one filter the workflow uses, evaluated the same way.
    const f = /^\.\[\] \| select\(\.body \| startswith\("(.*)"\)\) \| \.id$/.exec(jq);
    if (!f) fail(`the stub cannot evaluate --jq ${jq}`);
    for (const c of response) if (c.body.startsWith(f[1])) process.stdout.write(`${c.id}\n`);
  }
} else if (!silent) {
  process.stdout.write(json + '\n');
}
