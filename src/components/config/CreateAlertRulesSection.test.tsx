import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { FakeGrafana } from '../../alerting/fakeGrafana';
import { RULE_TEMPLATES } from '../../alerting/ruleTemplates';
import { CreateAlertRulesSection } from './CreateAlertRulesSection';

let fake: FakeGrafana;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => fake,
}));

// Combobox sizes itself with a canvas; jsdom has none.
beforeAll(() => {
  const measure = { measureText: (text: string) => ({ width: text.length * 7 }) };
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { configurable: true, value: () => measure });
});

describe('CreateAlertRulesSection', () => {
  beforeEach(() => {
    fake = new FakeGrafana({ folders: [{ uid: 'soc', title: 'SOC' }] });
  });

  it('is not shown for a data source without a uid (not saved yet)', () => {
    const { container } = render(<CreateAlertRulesSection />);
    expect(container).toBeEmptyDOMElement();
  });

  it('is collapsed by default and asks Grafana nothing until opened', async () => {
    render(<CreateAlertRulesSection uid="ds-1" name="Contoso" />);
    expect(screen.getByText('Alert rules for this data source')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Folder/)).not.toBeInTheDocument();
    expect(fake.log).toHaveLength(0);
    await userEvent.click(screen.getByText('Alert rules for this data source'));
    expect(
      await screen.findByText(new RegExp(`Creates the ${RULE_TEMPLATES.length} shipped detection rules`))
    ).toBeInTheDocument();
    expect(fake.log.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/folders',
      'GET /api/v1/provisioning/contact-points',
    ]);
  });

  it('still offers the folders when contact points may not be read', async () => {
    fake = new FakeGrafana({
      folders: [{ uid: 'soc', title: 'SOC' }],
      forbidden: ['GET /api/v1/provisioning/contact-points'],
    });
    render(<CreateAlertRulesSection uid="ds-1" />);
    await userEvent.click(screen.getByText('Alert rules for this data source'));
    expect(
      await screen.findByText('Could not list contact points: 403 Forbidden: your user may not read them.')
    ).toBeInTheDocument();
    // The folders were listed (options are drawn in a virtual list jsdom cannot lay out: the browser test picks them).
    expect(screen.queryByText(/Could not list folders/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^Folder/)).toBeEnabled();
    expect(fake.log.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/folders',
      'GET /api/v1/provisioning/contact-points',
    ]);
  });
});
