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

// Combobox menus are virtual lists (@tanstack/virtual) that render only the options fitting the
// menu's measured size; jsdom lays nothing out, so give every element a size that fits a menu.
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 300 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 300 });
Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 300 });
Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => 300 });
// Combobox sizes its menu with canvas text metrics, which jsdom does not implement.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return { font: '', measureText: (text) => ({ width: String(text).length * 7 }) };
};
