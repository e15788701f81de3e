import React, { useState } from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { fakeDatasource, FakeTemplateSrv, RANGE } from '../testUtils';
import { FilterDimension } from '../types';
import { TYPED_VALUE_DESCRIPTION, ValuesInput } from './ValuesInput';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => new FakeTemplateSrv([{ name: 'sender', current: 'a@x' }]),
}));

const SENDERS = ['urch@elchino-millions.site', 'urban@example.com', 'alice@example.co.jp'];

function renderValues(dimension: FilterDimension = 'sender') {
  const ds = fakeDatasource({ values: ({ prefix }) => SENDERS.filter((v) => v.startsWith(String(prefix))) });
  const onChange = jest.fn();
  function Stateful() {
    const [values, setValues] = useState<string[]>([]);
    return (
      <ValuesInput
        id="v"
        datasource={ds}
        dimension={dimension}
        values={values}
        range={RANGE}
        onChange={(next) => {
          onChange(next);
          setValues(next);
        }}
      />
    );
  }
  render(<Stateful />);
  return { ds, onChange, user: userEvent.setup(), input: screen.getByLabelText('Filter values') };
}

const optionTexts = () => screen.queryAllByRole('option').map((o) => o.textContent);

describe('ValuesInput', () => {
  it('commits nothing on a quick Enter while the suggestions are loading', async () => {
    const { user, input, onChange, ds } = renderValues();
    await user.click(input);
    await user.type(input, 'ur{enter}', { skipClick: true });
    expect(onChange).not.toHaveBeenCalled();
    // the suggestions for "ur" arrive afterwards; still nothing was chosen
    await waitFor(() => expect(optionTexts()).toContain('urch@elchino-millions.site'));
    expect(ds.getValues).toHaveBeenLastCalledWith('sender', RANGE, 'ur', 50);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('offers the suggestions first and the typed text last', async () => {
    const { user, input } = renderValues();
    await user.click(input);
    await user.type(input, 'ur', { skipClick: true });
    await waitFor(() =>
      expect(optionTexts()).toEqual(['urch@elchino-millions.site', 'urban@example.com', `ur${TYPED_VALUE_DESCRIPTION}`])
    );
  });

  it('takes the highlighted suggestion on arrow down and Enter', async () => {
    const { user, input, onChange } = renderValues();
    await user.click(input);
    await user.type(input, 'urb', { skipClick: true });
    await waitFor(() => expect(optionTexts()).toContain('urban@example.com'));
    await user.keyboard('{enter}');
    expect(onChange).not.toHaveBeenCalled(); // nothing highlighted yet
    await user.keyboard('{arrowdown}{enter}');
    expect(onChange).toHaveBeenLastCalledWith(['urban@example.com']);
  });

  it('suggests known values and variables without asking the backend', async () => {
    const { user, input, ds } = renderValues('status');
    await user.click(input);
    await user.type(input, 'fil', { skipClick: true });
    await waitFor(() => expect(optionTexts()).toEqual(['filteredAsSpam', `fil${TYPED_VALUE_DESCRIPTION}`]));
    await user.clear(input);
    await user.type(input, '$s', { skipClick: true });
    await waitFor(() => expect(optionTexts()).toEqual(['$senderDashboard variable', `$s${TYPED_VALUE_DESCRIPTION}`]));
    expect(ds.getValues).not.toHaveBeenCalled();
  });
});
