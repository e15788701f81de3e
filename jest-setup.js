// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// jsdom lacks these observers; @grafana/ui menus (ScrollIndicators) and Collapse use them.
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = global.IntersectionObserver || NoopObserver;
global.ResizeObserver = global.ResizeObserver || NoopObserver;
