import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { dirname } from 'node:path';

// @grafana/plugin-e2e specs against a REAL Grafana (docker compose up, dist/ mounted as the plugin,
// provisioning/ mounted). Not run where there is no Docker; `npm run e2e:grafana` runs it where
// there is. Browser: the system Chromium when CHROMIUM_PATH is set, else Playwright's own
// (install it there with `npx playwright install chromium`).

const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;
const executablePath = process.env.CHROMIUM_PATH;

export default defineConfig<PluginOptions>({
  testDir: './tests/e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  reporter: [['list'], ['html', { open: 'never' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: process.env.GRAFANA_URL || 'http://localhost:3000',
    trace: 'on-first-retry',
    provisioningRootDir: './provisioning',
  },
  projects: [
    // 1. Log in to Grafana and keep the cookie for the other tests.
    {
      name: 'auth',
      testDir: pluginE2eAuth,
      testMatch: [/.*\.js/],
      use: executablePath ? { launchOptions: { executablePath } } : {},
    },
    // 2. The plugin's specs, authenticated as admin.
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        storageState: 'playwright/.auth/admin.json',
        ...(executablePath ? { launchOptions: { executablePath } } : {}),
      },
      dependencies: ['auth'],
    },
  ],
});
