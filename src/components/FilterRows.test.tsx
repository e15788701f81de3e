import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { pick } from '../comboboxTestUtils';
import { interpolateFilters } from '../interpolate';
import { fakeDatasource, FakeTemplateSrv, RANGE } from '../testUtils';
import { Filter } from '../types';
import { FilterRows, isActive } from './FilterRows';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => new FakeTemplateSrv([]),
}));

function renderRows(initial: Filter[]) {
  const onChange = jest.fn();
  const ds = fakeDatasource({ values: () => ['JP', 'US'] });
  function Stateful() {
    const [filters, setFilters] = useState(initial);
    return (
      <FilterRows
        idPrefix="mt-A"
        datasource={ds}
        filters={filters}
        range={RANGE}
        onChange={(next, run) => {
          onChange(next, run);
          setFilters(next);
        }}
      />
    );
  }
  render(<Stateful />);
  return { onChange, user: userEvent.setup() };
}

describe('FilterRows: operators without values', () => {
  it('hides the values for home, notHome, embargoed, notEmbargoed and runs the row at once', async () => {
    const { onChange, user } = renderRows([{ dimension: 'fromCountry', op: 'in', values: ['JP'] }]);
    expect(screen.getByLabelText('Filter values')).toBeInTheDocument();
    await pick(user, 'Filter operator', 'not home');
    // the values go (the backend refuses values on them) and the row runs: it is a condition already
    expect(onChange).toHaveBeenLastCalledWith([{ dimension: 'fromCountry', op: 'notHome', values: [] }], true);
    expect(screen.queryByLabelText('Filter values')).not.toBeInTheDocument();
    expect(screen.getByText('countries of the tenant profile')).toBeInTheDocument();
    await pick(user, 'Filter operator', 'is embargoed');
    expect(onChange).toHaveBeenLastCalledWith([{ dimension: 'fromCountry', op: 'embargoed', values: [] }], true);
    // back to a set operator: the values input returns, empty, and an empty row does not run
    await pick(user, 'Filter operator', 'in');
    expect(onChange).toHaveBeenLastCalledWith([{ dimension: 'fromCountry', op: 'in', values: [] }], true);
    expect(screen.getByLabelText('Filter values')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove filter 1' }));
    expect(onChange).toHaveBeenLastCalledWith([], false);
  });

  it('removing a value-less row runs the query; it is sent without values', async () => {
    const rows: Filter[] = [
      { dimension: 'toCountry', op: 'embargoed', values: [] },
      { dimension: 'sender', op: 'eq', values: [] },
    ];
    expect(rows.map(isActive)).toEqual([true, false]);
    // sent: the profile row stays (without values), the empty sender row goes
    expect(interpolateFilters(rows, new FakeTemplateSrv([]))).toEqual([
      { dimension: 'toCountry', op: 'embargoed', values: [] },
    ]);
    const { onChange, user } = renderRows(rows);
    expect(screen.getAllByLabelText('Filter values')).toHaveLength(1); // the sender row's only
    await user.click(screen.getByRole('button', { name: 'Remove filter 1' }));
    expect(onChange).toHaveBeenLastCalledWith([{ dimension: 'sender', op: 'eq', values: [] }], true);
  });

  it('offers them on countries only', async () => {
    const { user } = renderRows([{ dimension: 'sender', op: 'eq', values: [] }]);
    await user.click(screen.getByLabelText('Filter operator'));
    expect(screen.queryByText('is home')).not.toBeInTheDocument();
    await user.keyboard('{escape}');
    await pick(user, 'Filter dimension', 'To country');
    await user.click(screen.getByLabelText('Filter operator'));
    for (const label of ['is home', 'not home', 'is embargoed', 'not embargoed']) {
      expect(screen.getByText(label)).toBeInTheDocument();
    }
  });
});
