#!/usr/bin/env node
/**
 * Smoke test of the BUILT cloud function on whatever Node runs this file (16, 18, 20…): plain CommonJS on
 * purpose, no TypeScript, no test framework. Needs the COZE_* and WX_CONTEXT_KEYS/WX_OPENID environment
 * (e.g. pointing at `npm run emulator`). Prints the JSON result of main({action:'chat.send', text:'你好'});
 * exits 1 unless it is ok with a non-empty answer.
 */
'use strict';

const path = require('path');

const bundle = require(path.join(__dirname, '..', 'cloudfunctions', 'coze', 'index.js'));

bundle
  .main({ action: 'chat.send', text: process.argv[2] || '你好' }, {})
  .then((result) => {
    process.stdout.write(`${JSON.stringify({ node: process.version, result })}\n`);
    const answer = result.ok && result.data.answer ? result.data.answer.content : '';
    process.exitCode = answer ? 0 : 1;
  })
  .catch((error) => {
    process.stderr.write(`main threw (it must never throw): ${error && error.message}\n`);
    process.exitCode = 1;
  });
