import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { FakeGrafana } from './fakeGrafana';
import { createRules, CreateRulesError, listContactPoints, NO_RIGHTS, planRules, RulePlan } from './createRules';
import { DATASOURCE_VARIABLE, durationSeconds, RULE_TEMPLATES, RuleTemplate, ruleUid } from './ruleTemplates';

let fake: FakeGrafana;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => fake,
}));

const root = join(__dirname, '..', '..');
const DS = 'P1a2b3c4d5e6f7';
const SOC = 'SOC mailbox';

/** The rules as the provisioning file states them, parsed here independently of rules.gen.json. */
const fileRules = memo(fileRulesUncached);
function memo(f: (uid: string) => RuleTemplate[]) {
  const cache = new Map<string, RuleTemplate[]>();
  return (uid: string) => cache.get(uid) ?? cache.set(uid, f(uid)).get(uid)!;
}
function fileRulesUncached(uid: string): RuleTemplate[] {
  const text = readFileSync(join(root, 'provisioning', 'alerting', 'rules.yaml'), 'utf8');
  // In node: jsdom would resolve yaml to its browser build, which jest cannot load.
  const json = execFileSync(
    'node',
    [
      '--input-type=module',
      '-e',
      "import { parse } from 'yaml'; import { readFileSync } from 'node:fs'; console.log(JSON.stringify(parse(readFileSync(0, 'utf8'))))",
    ],
    { cwd: root, input: text.split(DATASOURCE_VARIABLE).join(uid), encoding: 'utf8' }
  );
  const file = JSON.parse(json) as { groups: Array<{ rules: RuleTemplate[] }> };
  return file.groups.flatMap((g) => g.rules);
}

function plan(over: Partial<RulePlan> = {}): RulePlan {
  return {
    datasourceUid: DS,
    datasourceName: 'Contoso mail',
    folder: { uid: 'soc' },
    group: 'Mail threats',
    interval: '2m',
    contactPoint: SOC,
    templates: RULE_TEMPLATES,
    ...over,
  };
}

function newFake(opts: ConstructorParameters<typeof FakeGrafana>[0] = {}) {
  fake = new FakeGrafana({
    folders: [{ uid: 'soc', title: 'SOC' }],
    contactPoints: [
      { uid: 'a', name: SOC, type: 'email' },
      { uid: 'b', name: SOC, type: 'slack' },
      { uid: 'c', name: 'Pager', type: 'pagerduty' },
    ],
    ...opts,
  });
  return fake;
}

const posts = () => fake.log.filter((r) => r.method === 'POST' && r.url === '/api/v1/provisioning/alert-rules');

describe('rule templates', () => {
  it('are what scripts/rule-templates.mjs writes from provisioning/alerting/rules.yaml', () => {
    expect(
      execFileSync('node', [join(root, 'scripts', 'rule-templates.mjs'), '--check'], { encoding: 'utf8' })
    ).toContain('is up to date');
    expect(RULE_TEMPLATES.map((t) => t.uid)).toEqual(fileRules('x').map((r) => r.uid));
    expect(RULE_TEMPLATES.length).toBeGreaterThanOrEqual(7);
  });

  it('derive deterministic uids from the data source (FNV-1a test vectors) within 40 characters', () => {
    expect(ruleUid('', 'x')).toBe('x-811c9dc5');
    expect(ruleUid('a', 'x')).toBe('x-e40c292c');
    expect(ruleUid('foobar', 'exotrace-spam-wave')).toBe('exotrace-spam-wave-bf9cf968');
    expect(ruleUid(DS, 'r')).toBe(ruleUid(DS, 'r'));
    expect(ruleUid('other', 'r')).not.toBe(ruleUid(DS, 'r'));
    const long = ruleUid(DS, 'y'.repeat(60));
    expect(long).toHaveLength(40);
    expect(long).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
  });

  it('parse intervals', () => {
    expect(durationSeconds('1m')).toBe(60);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('')).toBeUndefined();
    expect(durationSeconds('1 minute')).toBeUndefined();
  });
});

describe('createRules', () => {
  it('sends exactly the documented requests, every rule for this data source', async () => {
    newFake();
    const result = await createRules(plan());
    const n = RULE_TEMPLATES.length;
    expect(result.rules.map((r) => r.status)).toEqual(Array(n).fill('created'));
    expect(result.intervalError).toBeUndefined();

    // Per rule: GET by uid (404), then POST; then the group: GET, and PUT with the interval.
    const expectedUrls = RULE_TEMPLATES.flatMap((t) => [
      `GET /api/v1/provisioning/alert-rules/${ruleUid(DS, t.uid)}`,
      'POST /api/v1/provisioning/alert-rules',
    ]).concat([
      'GET /api/v1/provisioning/folder/soc/rule-groups/Mail%20threats',
      'PUT /api/v1/provisioning/folder/soc/rule-groups/Mail%20threats',
    ]);
    expect(fake.log.map((r) => `${r.method} ${r.url}`)).toEqual(expectedUrls);
    for (const r of fake.log.filter((l) => l.method !== 'GET')) {
      expect(r.headers).toEqual({ 'X-Disable-Provenance': 'true' });
    }

    // Bodies: the file's rule with this data source's uid, in the API's keys.
    const want = fileRules(DS);
    posts().forEach((req, i) => {
      const f = want[i];
      const annotations: Record<string, string> = { ...f.annotations };
      if (f.dashboardUid) {
        annotations.__dashboardUid__ = f.dashboardUid;
        annotations.__panelId__ = String(f.panelId);
      }
      expect(req.body).toEqual({
        uid: ruleUid(DS, f.uid),
        orgID: 1,
        folderUID: 'soc',
        ruleGroup: 'Mail threats',
        title: `${f.title} (Contoso mail)`,
        condition: f.condition,
        data: f.data.map((q) => ({ ...q, queryType: q.queryType ?? '' })),
        noDataState: f.noDataState,
        execErrState: f.execErrState,
        for: f.for,
        labels: f.labels,
        annotations,
        isPaused: false,
        notification_settings: { receiver: SOC },
      });
    });

    // Independently of the above: no query names another data source, in the entry or its model.
    for (const req of posts()) {
      const body = req.body as { data: Array<{ datasourceUid: string; model: { datasource?: { uid: string } } }> };
      for (const q of body.data) {
        expect([DS, '__expr__']).toContain(q.datasourceUid);
        expect([DS, '__expr__', undefined]).toContain(q.model.datasource?.uid);
      }
      expect(JSON.stringify(body)).not.toContain('EXOTRACE_RULES_DATASOURCE_UID');
    }
    const spam = posts()[0].body as { uid: string; data: Array<{ datasourceUid: string }> };
    expect(spam.uid).toBe(ruleUid(DS, 'exotrace-spam-wave'));
    expect(spam.data[0].datasourceUid).toBe(DS);

    // The group PUT keeps every rule and sets the interval in seconds.
    const put = fake.log[fake.log.length - 1].body as { interval: number; rules: unknown[]; folderUid: string };
    expect(put.interval).toBe(120);
    expect(put.folderUid).toBe('soc');
    expect(put.rules).toHaveLength(n);
    expect(fake.intervals.get('soc/Mail threats')).toBe(120);
  });

  it('routes by the notification policies when no contact point is picked, and skips the PUT at the default interval', async () => {
    newFake();
    await createRules(plan({ contactPoint: '', interval: '1m', datasourceName: undefined }));
    const body = posts()[0].body as Record<string, unknown>;
    expect(body).not.toHaveProperty('notification_settings');
    expect(body.title).toBe(RULE_TEMPLATES[0].title);
    expect(fake.log.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('does not duplicate rules when run again', async () => {
    newFake();
    await createRules(plan());
    fake.log = [];
    const again = await createRules(plan());
    expect(again.rules.map((r) => r.status)).toEqual(Array(RULE_TEMPLATES.length).fill('exists'));
    expect(again.rules[0].message).toBe('already exists: left unchanged');
    expect(posts()).toHaveLength(0);
    expect(fake.rules.size).toBe(RULE_TEMPLATES.length);
  });

  it('says the user needs alert-rule write rights on 403, and writes nothing', async () => {
    newFake({ forbidden: ['POST /api/v1/provisioning/alert-rules'] });
    await expect(createRules(plan())).rejects.toThrow(new CreateRulesError(NO_RIGHTS));
    expect(NO_RIGHTS).toContain('alert-rule write rights');
    expect(fake.rules.size).toBe(0);
    expect(fake.log.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('lists which rules were created and which not on a partial failure', async () => {
    const bad = ruleUid(DS, RULE_TEMPLATES[2].uid);
    newFake({ rejectRules: [bad] });
    const result = await createRules(plan());
    const failed = result.rules.filter((r) => r.status === 'failed');
    expect(failed).toEqual([
      {
        uid: bad,
        title: `${RULE_TEMPLATES[2].title} (Contoso mail)`,
        status: 'failed',
        message: `invalid alert rule: ${bad} (HTTP 400)`,
      },
    ]);
    expect(result.rules.filter((r) => r.status === 'created')).toHaveLength(RULE_TEMPLATES.length - 1);
    expect(fake.rules.size).toBe(RULE_TEMPLATES.length - 1);
    expect(fake.intervals.get('soc/Mail threats')).toBe(120);

    // Running again once fixed creates only the missing one.
    fake.log = [];
    (fake as unknown as { opts: { rejectRules: string[] } }).opts.rejectRules = [];
    const again = await createRules(plan());
    expect(again.rules.filter((r) => r.status === 'created').map((r) => r.uid)).toEqual([bad]);
    expect(posts()).toHaveLength(1);
  });

  it('creates a new folder by title and uses its uid', async () => {
    newFake();
    const result = await createRules(
      plan({ folder: { newTitle: 'Mail alerts' }, templates: RULE_TEMPLATES.slice(0, 1) })
    );
    expect(fake.log[0]).toEqual({
      method: 'POST',
      url: '/api/folders',
      headers: undefined,
      params: undefined,
      body: { title: 'Mail alerts' },
    });
    expect(result.folderUid).toBe('new-folder-1');
    expect((posts()[0].body as { folderUID: string }).folderUID).toBe('new-folder-1');
  });

  it('explains a refused folder creation and a refused interval', async () => {
    newFake({ forbidden: ['POST /api/folders'] });
    await expect(createRules(plan({ folder: { newTitle: 'X' } }))).rejects.toThrow(/right to create folders/);
    expect(fake.rules.size).toBe(0);

    newFake({ forbidden: ['PUT /api/v1/provisioning/folder/'] });
    const result = await createRules(plan());
    expect(result.rules.every((r) => r.status === 'created')).toBe(true);
    expect(result.intervalError).toBe(
      `The rules were created, but the group's interval was not set to 2m: ${NO_RIGHTS}`
    );
  });

  it('refuses an interval off the 10 s tick and an empty group before any request', async () => {
    newFake();
    await expect(createRules(plan({ interval: '15s' }))).rejects.toThrow('use a multiple of 10s');
    await expect(createRules(plan({ group: ' ' }))).rejects.toThrow('Name the evaluation group.');
    expect(fake.log).toHaveLength(0);
  });

  it('lists contact points once per name', async () => {
    newFake();
    expect(await listContactPoints()).toEqual(['Pager', SOC]);
    expect(fake.log).toEqual([
      {
        method: 'GET',
        url: '/api/v1/provisioning/contact-points',
        headers: undefined,
        params: undefined,
        body: undefined,
      },
    ]);
  });
});

/**
 * The API bodies for two data sources, for the Go test that runs the provisioned rules' checks
 * on them (internal/testing/grpchost/created_rules_test.go). Refresh with
 * UPDATE_FIXTURES=1 npx jest src/alerting.
 */
describe('created-rules fixture', () => {
  it('is what planRules builds', () => {
    const path = join(__dirname, '__fixtures__', 'created-rules.json');
    const render = (datasourceUid: string) => ({
      datasourceUid,
      folderUid: 'fixture-folder',
      group: 'Exchange Message Trace',
      interval: durationSeconds('1m'),
      contactPoint: 'Exchange Message Trace SOC mailbox',
      rules: planRules(
        plan({
          datasourceUid,
          datasourceName: undefined,
          group: 'Exchange Message Trace',
          contactPoint: 'Exchange Message Trace SOC mailbox',
        }),
        'fixture-folder'
      ),
    });
    const want = JSON.stringify([render('exotrace-demo'), render('tenant-a1')], null, 2) + '\n';
    if (process.env.UPDATE_FIXTURES) {
      writeFileSync(path, want);
    }
    expect(readFileSync(path, 'utf8')).toBe(want);
  });
});
