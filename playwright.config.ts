import { defineConfig } from '@playwright/test';

// Browser tests of the editors WITHOUT Grafana: tests/harness mounts ConfigEditor and QueryEditor
// with Grafana's theme and a fixture-backed data source, served on 127.0.0.1. Driven with the
// system's Chromium (Debian package), never a downloaded browser. For specs against a real Grafana
// see playwright.e2e.config.ts.

const port = Number(process.env.HARNESS_PORT ?? 5179);

export default defineConfig({
  testDir: './tests/browser',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/browser',
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node tests/harness/server.mjs',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    env: { HARNESS_PORT: String(port) },
    timeout: 30_000,
  },
});
