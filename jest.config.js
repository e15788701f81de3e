// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const swc = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  transform: {
    ...base.transform,
    // d3-color 3.1 ships only .mjs, which the scaffolded pattern does not transform.
    '^.+\\.mjs$': swc,
  },
  // Playwright specs live in tests/ and run under Playwright, not jest.
  // Combobox menus are slow to render in jsdom, and the test machine is shared.
  testTimeout: 60000,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/'],
};
