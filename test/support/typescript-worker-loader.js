// Lets a worker thread started by code under test run the TypeScript sources, as jest's own
// transform (@swc/jest) does for the test itself: named by ITSM_TYPESCRIPT_WORKER_LOADER in jest.config.js.
// Built code (dist/, npm start, the e2e specs) starts its workers from compiled JavaScript and never loads this.
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, keepClassNames: true },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
