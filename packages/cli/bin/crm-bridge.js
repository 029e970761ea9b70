#!/usr/bin/env node
// The built CLI; run `npm run build` first (npm run demo does).
require('../dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
