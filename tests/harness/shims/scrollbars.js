// @grafana/ui's .mjs files default-import this CommonJS package; esbuild gives an .mjs importer
// Node's answer (the whole exports object) instead of exports.default. Re-export it from a .js
// file, where the __esModule flag is honoured.
export { default } from '../../../node_modules/react-custom-scrollbars-2/lib/index.js';
export * from '../../../node_modules/react-custom-scrollbars-2/lib/index.js';
