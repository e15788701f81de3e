import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { pick } from '../comboboxTestUtils';
import { fakeDatasource, FakeTemplateSrv, RANGE } from '../testUtils';
import { MessageTraceQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => new FakeTemplateSrv([{ name: 'sender', current: 'a@x' }]),
}));

function renderVariableEditor(initial: MessageTraceQuery) {
  const onChange = jest.fn();
  const ds = fakeDatasource({ values: () => ['a@x', 'b@x'] });
  function Stateful() {
    const [query, setQuery] = useState(initial);
    return (
      <VariableQueryEditor
        query={query}
        datasource={ds}
        range={RANGE}
        onRunQuery={jest.fn()}
        onChange={(next) => {
          onChange(next);
          setQuery(next);
        }}
      />
    );
  }
  const user = userEvent.setup();
  render(<Stateful />);
  return { user, onChange, last: (): MessageTraceQuery => onChange.mock.calls.at(-1)?.[0] };
}

describe('VariableQueryEditor', () => {
  it('starts a new variable as sender values', () => {
    renderVariableEditor({ refId: '' });
    expect(screen.getByLabelText('Dimension')).toHaveValue('Sender');
    expect(screen.getByLabelText('Prefix')).toHaveValue('');
    expect(screen.getByLabelText('Limit')).toHaveAttribute('placeholder', '100');
  });

  it('emits a values query with dimension, prefix and limit', async () => {
    const { user, last } = renderVariableEditor({ refId: 'variable' });
    await pick(user, 'Dimension', 'Recipient domain');
    expect(last()).toEqual({ refId: 'variable', queryType: 'values', dimension: 'recipientDomain' });
    await user.type(screen.getByLabelText('Prefix'), 'example{enter}');
    await user.type(screen.getByLabelText('Limit'), '25');
    await user.tab();
    expect(last()).toEqual({
      refId: 'variable',
      queryType: 'values',
      dimension: 'recipientDomain',
      prefix: 'example',
      limit: 25,
    });
  });

  it("lists the countries seen, e.g. senders' countries outside JP", async () => {
    const { user, last } = renderVariableEditor({ refId: 'variable' });
    await pick(user, 'Dimension', 'From country');
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(user, 'Filter dimension', 'From country');
    await pick(user, 'Filter operator', '!=');
    await pick(user, 'Filter values', 'JP');
    expect(last()).toEqual({
      refId: 'variable',
      queryType: 'values',
      dimension: 'fromCountry',
      filters: [{ dimension: 'fromCountry', op: 'neq', values: ['JP'] }],
    });
  });

  it('narrows the values by filters, e.g. recipients of $sender', async () => {
    const { user, last } = renderVariableEditor({ refId: 'variable', queryType: 'values', dimension: 'recipient' });
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(user, 'Filter values', '$sender');
    expect(last()).toEqual({
      refId: 'variable',
      queryType: 'values',
      dimension: 'recipient',
      filters: [{ dimension: 'sender', op: 'eq', values: ['$sender'] }],
    });
  });
});
