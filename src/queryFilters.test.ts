import { addFilter, hasFilter, isFilterableKey, toggleFilter } from './queryFilters';
import { MessageTraceQuery } from './types';

const q: MessageTraceQuery = {
  refId: 'A',
  queryType: 'traces',
  filters: [{ dimension: 'direction', op: 'eq', values: ['inbound'] }],
};

describe('Explore filters', () => {
  it('adds eq for "filter for" and neq for "filter out", keeping the other filters', () => {
    expect(addFilter(q, 'sender', 'a@x.example', 'for').filters).toEqual([
      { dimension: 'direction', op: 'eq', values: ['inbound'] },
      { dimension: 'sender', op: 'eq', values: ['a@x.example'] },
    ]);
    expect(addFilter(q, 'status', 'failed', 'out').filters?.[1]).toEqual({
      dimension: 'status',
      op: 'neq',
      values: ['failed'],
    });
  });

  it('replaces the opposite filter on the same value and ignores a repeat', () => {
    const forA = addFilter(q, 'sender', 'a', 'for');
    expect(addFilter(forA, 'sender', 'a', 'for')).toBe(forA);
    expect(addFilter(forA, 'sender', 'a', 'out').filters).toEqual([
      { dimension: 'direction', op: 'eq', values: ['inbound'] },
      { dimension: 'sender', op: 'neq', values: ['a'] },
    ]);
  });

  it('ignores fields that are no dimension (line, time) and size, which only compares gt / lt', () => {
    expect(addFilter(q, 'line', 'x', 'for')).toBe(q);
    expect(addFilter(q, 'size', '100', 'for')).toBe(q);
    expect(isFilterableKey('fromIP')).toBe(true);
    expect(isFilterableKey(undefined)).toBe(false);
  });

  it('toggles a filter off on a second click and reports it as active meanwhile', () => {
    const on = toggleFilter(q, 'recipient', 'b@y.example', 'for');
    expect(hasFilter(on, 'recipient', 'b@y.example')).toBe(true);
    const off = toggleFilter(on, 'recipient', 'b@y.example', 'for');
    expect(off.filters).toEqual(q.filters);
    expect(hasFilter(off, 'recipient', 'b@y.example')).toBe(false);
  });
});
