// Lets a worker thread started by code under test run the TypeScript sources, as jest's own
// transform (@swc/jest) does for the test itself: named by ITSM_TYPESCRIPT_WORKER_LOADER in jest.config.js.
// Built code (dist/, npm start, the e2e specs) starts its workers from compiled JavaScript and never loads this.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

// The libraries' aliases, as jest.config.js's moduleNameMapper maps them for the tests themselves.
const root = path.resolve(__dirname, '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@itsm\/([a-z-]+)(?:\/(port|sqlite-writing))?$/.exec(request);
  const mapped = alias === null ? request : path.join(root, 'libs', alias[1], 'src', alias[2] ?? '');
  return resolveFilename.call(this, mapped, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, keepClassNames: true },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
