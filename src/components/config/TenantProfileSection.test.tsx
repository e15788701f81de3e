import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { MessageTraceOptions } from '../../types';
import {
  parseCountryList,
  parseLanguageList,
  ProfileSuggestions,
  TenantProfileSection,
  timeZoneError,
} from './TenantProfileSection';

const get = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ get }),
}));

function renderSection(jsonData: MessageTraceOptions, demo = false) {
  const update = jest.fn();
  render(
    <TenantProfileSection
      jsonData={jsonData}
      secureJsonData={{}}
      configured={{}}
      errors={{}}
      update={update}
      updateSecret={jest.fn()}
      resetSecret={jest.fn()}
      touch={jest.fn()}
      demo={demo}
      uid="mt"
    />
  );
  return update;
}

describe('profile parsing', () => {
  it.each([
    ['de, AT ch;DE', { values: ['DE', 'AT', 'CH'] }],
    ['', { values: [] }],
    ['DEU', { error: '"DEU" is not a country code: use two letters (ISO 3166-1 alpha-2) such as DE, US or JP.' }],
  ])('parseCountryList(%p)', (text, want) => expect(parseCountryList(text)).toEqual(want));

  it.each([
    ['FR de fr', { values: ['fr', 'de'] }],
    [
      'klingon',
      {
        error:
          '"klingon" is not a supported language: use ISO 639-1 codes among de, en, es, fr, it, ja, ko, nl, pl, pt, sv, zh.',
      },
    ],
  ])('parseLanguageList(%p)', (text, want) => expect(parseLanguageList(text)).toEqual(want));

  it.each([
    ['', undefined],
    ['UTC', undefined],
    ['Europe/Berlin', undefined],
    ['America/Sao_Paulo', undefined],
    ['CET', '"CET" is not an IANA time zone: write it like Europe/Berlin, America/Chicago or UTC.'],
    [
      'Europe/Atlantis',
      '"Europe/Atlantis" is not an IANA time zone: write it like Europe/Berlin, America/Chicago or UTC.',
    ],
  ])('timeZoneError(%p)', (tz, want) => expect(timeZoneError(tz)).toBe(want));
});

describe('TenantProfileSection', () => {
  beforeEach(() => get.mockReset());

  it('writes the home countries normalised and refuses a bad entry with a message', async () => {
    const update = renderSection({});
    const home = screen.getByLabelText(/^Home countries/);
    await userEvent.type(home, 'de, at');
    await userEvent.tab();
    expect(update).toHaveBeenLastCalledWith({ homeCountries: ['DE', 'AT'] });
    await userEvent.clear(home);
    await userEvent.type(home, 'Germany');
    await userEvent.tab();
    expect(
      screen.getByText('"Germany" is not a country code: use two letters (ISO 3166-1 alpha-2) such as DE, US or JP.')
    ).toBeInTheDocument();
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('validates the business time zone when the field is left', async () => {
    const update = renderSection({});
    const tz = screen.getByLabelText(/^Business time zone/);
    await userEvent.type(tz, 'CET');
    await userEvent.tab();
    expect(
      screen.getByText('"CET" is not an IANA time zone: write it like Europe/Berlin, America/Chicago or UTC.')
    ).toBeInTheDocument();
    expect(update).not.toHaveBeenCalled();
    await userEvent.clear(tz);
    await userEvent.type(tz, 'Europe/Zurich');
    await userEvent.tab();
    expect(update).toHaveBeenLastCalledWith({ businessTimeZone: 'Europe/Zurich' });
  });

  it('suggests home countries from the tenant’s own traffic and applies them', async () => {
    const res: ProfileSuggestions = {
      countries: [
        { country: 'US', traces: 8581, days: 31, permille: 328, suggested: true, embargoed: false },
        { country: 'CH', traces: 6656, days: 31, permille: 254, suggested: true, embargoed: false },
        { country: 'NG', traces: 4, days: 1, permille: 0, suggested: false, embargoed: false },
        { country: 'IR', traces: 2, days: 1, permille: 0, suggested: false, embargoed: true },
      ],
      languages: ['en', 'de', 'fr'],
      notices: [],
    };
    get.mockResolvedValue(res);
    const update = renderSection({});
    await userEvent.click(screen.getByRole('button', { name: /Suggest from the last 30 days/ }));
    expect(get).toHaveBeenCalledWith('/api/datasources/uid/mt/resources/profile/suggestions', { days: 30 });
    expect(
      await screen.findByText('Usual countries of your traffic: US, CH. Languages detected: en, de, fr.')
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Use US, CH' }));
    expect(update).toHaveBeenLastCalledWith({ homeCountries: ['US', 'CH'] });
  });

  it('shows the backend error when suggestions fail', async () => {
    get.mockRejectedValue({ data: { error: 'cannot read the tenant\u2019s traces for suggestions: throttled' } });
    renderSection({});
    await userEvent.click(screen.getByRole('button', { name: /Suggest from the last 30 days/ }));
    expect(await screen.findByText(/cannot read the tenant’s traces for suggestions: throttled/)).toBeInTheDocument();
  });

  it('lets the demo pick a tenant, the Japanese one by default', async () => {
    const update = renderSection({}, true);
    expect(screen.getByRole('radio', { name: 'Japan, 300 mailboxes' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Switzerland, 50' }));
    expect(update).toHaveBeenLastCalledWith({ demoTenant: 'ch-small' });
  });

  it('switches mail languages from detection to a list', async () => {
    const update = renderSection({});
    expect(screen.getByRole('radio', { name: 'Detect' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'List' }));
    expect(update).toHaveBeenLastCalledWith({ mailLanguages: ['en'] });
  });
});
