import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { QueryEditorHelpProps } from '@grafana/data';

import { MessageTraceQuery, QUERY_TYPES } from '../types';
import { HELP_EXAMPLES, helpOrder, QueryHelp } from './QueryHelp';

type QueryHelpProps = QueryEditorHelpProps<MessageTraceQuery>;

describe('QueryHelp', () => {
  it('has an example for every query type and lists the edited type first', () => {
    for (const t of QUERY_TYPES) {
      expect(HELP_EXAMPLES[t].length).toBeGreaterThan(0);
      expect(HELP_EXAMPLES[t].every((e) => (e.query.queryType ?? 'traces') === t)).toBe(true);
    }
    expect(helpOrder('geo').slice(0, 2)).toEqual(['geo', 'traces']);
    expect(helpOrder(undefined)).toEqual([...QUERY_TYPES]);
  });

  it('puts the chosen example in the editor under the query refId', async () => {
    const onClickExample = jest.fn();
    render(
      <QueryHelp
        datasource={{} as unknown as QueryHelpProps['datasource']}
        query={{ refId: 'B', queryType: 'top' }}
        onClickExample={onClickExample}
      />
    );
    const sections = screen.getAllByRole('region');
    expect(sections[0]).toHaveAccessibleName('Top');
    await userEvent.click(screen.getByRole('button', { name: 'Use: Top 10 senders with one column per status' }));
    expect(onClickExample).toHaveBeenCalledWith({
      refId: 'B',
      queryType: 'top',
      groupBy: ['sender', 'status'],
      metric: 'count',
      limit: 10,
      pivot: true,
    });
  });
});
