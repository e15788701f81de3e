import React, { useCallback, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Collapse, Combobox, ComboboxOption, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';

import {
  createRules,
  CreateResult,
  describeError,
  Folder,
  listContactPoints,
  listFolders,
  planRules,
  RulePlan,
  ruleExists,
} from '../../alerting/createRules';
import { DEFAULT_GROUP, DEFAULT_INTERVAL, ProvisionedAlertRule, RULE_TEMPLATES } from '../../alerting/ruleTemplates';
import { INPUT_WIDTH } from './types';

interface Props {
  /** The saved data source's uid; without one there is nothing to point rules at. */
  uid?: string;
  name?: string;
}

const POLICIES = '';
const READ_FORBIDDEN = '403 Forbidden: your user may not read them.';

interface Preview {
  rules: ProvisionedAlertRule[];
  exists: Record<string, boolean>;
  folderTitle: string;
}

/**
 * "Create alert rules": the shipped rules, pointed at this data source, created through
 * Grafana's alerting provisioning API with the signed-in user's rights. Collapsed by default,
 * and only for a saved data source.
 */
export function CreateAlertRulesSection({ uid, name }: Props) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(false);
  const [folders, setFolders] = useState<Folder[] | undefined>();
  const [contactPoints, setContactPoints] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [folder, setFolder] = useState<string>('');
  const [group, setGroup] = useState(DEFAULT_GROUP);
  const [interval, setIntervalText] = useState(DEFAULT_INTERVAL);
  const [contactPoint, setContactPoint] = useState(POLICIES);
  const [preview, setPreview] = useState<Preview | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<CreateResult | undefined>();

  // Separately: without the right to read contact points the policies still route the alerts.
  const load = useCallback(async () => {
    const [f, cps] = await Promise.allSettled([listFolders(), listContactPoints()]);
    setFolders(f.status === 'fulfilled' ? f.value : []);
    setContactPoints(cps.status === 'fulfilled' ? cps.value : []);
    const problems = [
      f.status === 'rejected'
        ? `Could not list folders (type a folder name instead): ${describeError(f.reason, READ_FORBIDDEN)}`
        : '',
      cps.status === 'rejected' ? `Could not list contact points: ${describeError(cps.reason, READ_FORBIDDEN)}` : '',
    ].filter(Boolean);
    setLoadError(problems.length ? problems.join(' ') : undefined);
  }, []);

  if (!uid) {
    return null;
  }

  const toggle = () => {
    if (!open && folders === undefined) {
      void load();
    }
    setOpen(!open);
  };

  const chosenFolder = (): RulePlan['folder'] | undefined => {
    const text = folder.trim();
    if (!text) {
      return undefined;
    }
    const known = folders?.find((f) => f.uid === text) ?? folders?.find((f) => f.title === text);
    return known ? { uid: known.uid } : { newTitle: text };
  };

  const plan = (): RulePlan | undefined => {
    const f = chosenFolder();
    return (
      f && {
        datasourceUid: uid,
        datasourceName: name,
        folder: f,
        group,
        interval,
        contactPoint,
        templates: RULE_TEMPLATES,
      }
    );
  };

  const reset = () => {
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
  };

  const showPreview = async () => {
    const p = plan();
    if (!p) {
      setError('Pick a folder, or type the name of a new one.');
      return;
    }
    setBusy(true);
    reset();
    try {
      const folderTitle =
        'uid' in p.folder
          ? (folders?.find((f) => f.uid === (p.folder as { uid: string }).uid)?.title ?? '')
          : p.folder.newTitle;
      const rules = planRules(p, 'uid' in p.folder ? p.folder.uid : '(new folder)');
      const found = await Promise.all(rules.map((r) => ruleExists(r.uid)));
      setPreview({ rules, folderTitle, exists: Object.fromEntries(rules.map((r, i) => [r.uid, found[i]])) });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    const p = plan();
    if (!p) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setResult(await createRules(p));
      setPreview(undefined);
      void load(); // a new folder now exists
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const folderOptions: Array<ComboboxOption<string>> = (folders ?? []).map((f) => ({ value: f.uid, label: f.title }));
  const contactOptions: Array<ComboboxOption<string>> = [
    {
      value: POLICIES,
      label: 'Notification policies',
      description: 'Route by labels (severity) as the policy tree says',
    },
    ...contactPoints.map((cp) => ({ value: cp, label: cp })),
  ];
  const toCreate = preview ? preview.rules.filter((r) => !preview.exists[r.uid]).length : 0;

  return (
    <Collapse label="Alert rules for this data source" isOpen={open} onToggle={toggle}>
      <Text element="p" color="secondary">
        Creates the {RULE_TEMPLATES.length} shipped detection rules (those of provisioning/alerting) for this data
        source, with your Grafana rights. Existing rules are left unchanged, so you can run it again. See
        docs/alerting.md.
      </Text>
      {loadError && (
        <Alert severity="warning" title="Alerting API">
          {loadError}
        </Alert>
      )}
      <Field label="Folder" htmlFor="mt-rules-folder" description="An existing folder, or type a name to create one">
        <Combobox
          id="mt-rules-folder"
          width={INPUT_WIDTH}
          options={folderOptions}
          value={folder || null}
          createCustomValue
          customValueDescription="Create this folder"
          placeholder="Choose a folder"
          onChange={(o) => {
            setFolder(o.value);
            reset();
          }}
        />
      </Field>
      <Field
        label="Evaluation group"
        htmlFor="mt-rules-group"
        description={`Evaluated every ${interval}; the rules' pending periods assume ${DEFAULT_INTERVAL}`}
      >
        <Stack direction="row" gap={1}>
          <Input
            id="mt-rules-group"
            width={INPUT_WIDTH - 12}
            value={group}
            onChange={(e) => {
              setGroup(e.currentTarget.value);
              reset();
            }}
          />
          <Input
            id="mt-rules-interval"
            aria-label="Evaluation interval"
            width={10}
            value={interval}
            onChange={(e) => {
              setIntervalText(e.currentTarget.value.trim());
              reset();
            }}
          />
        </Stack>
      </Field>
      <Field label="Contact point" htmlFor="mt-rules-contact-point" description="Where notifications go">
        <Combobox
          id="mt-rules-contact-point"
          width={INPUT_WIDTH}
          options={contactOptions}
          value={contactPoint}
          onChange={(o) => {
            setContactPoint(o.value);
            reset();
          }}
        />
      </Field>
      <Button variant="secondary" icon="eye" onClick={showPreview} disabled={busy}>
        Preview
      </Button>
      {error && (
        <Alert severity="error" title="Alert rules not created" className={styles.alert}>
          {error}
        </Alert>
      )}
      {preview && (
        <div className={styles.preview} data-testid="rules-preview">
          <Text element="p">
            {preview.rules.length} rules in folder <strong>{preview.folderTitle}</strong>, group{' '}
            <strong>{group}</strong>, evaluated every {interval}; queries on data source <code>{uid}</code>;
            notifications to {contactPoint ? <strong>{contactPoint}</strong> : 'the notification policies'}.
          </Text>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Rule</th>
                <th>Uid</th>
                <th>Severity</th>
                <th>Pending</th>
                <th>Queries</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {preview.rules.map((r) => (
                <tr key={r.uid}>
                  <td>{r.title}</td>
                  <td>
                    <code>{r.uid}</code>
                  </td>
                  <td>{r.labels.severity ?? ''}</td>
                  <td>{r.for}</td>
                  <td>
                    {[...new Set(r.data.filter((q) => q.datasourceUid !== '__expr__').map((q) => q.queryType))].join(
                      ', '
                    )}
                  </td>
                  <td>{preview.exists[r.uid] ? 'exists: left unchanged' : 'new'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button icon="bell" onClick={create} disabled={busy || toCreate === 0}>
            {toCreate === 0 ? 'All rules exist' : `Create ${toCreate} alert rules`}
          </Button>
        </div>
      )}
      {result && <ResultAlert result={result} />}
    </Collapse>
  );
}

function ResultAlert({ result }: { result: CreateResult }) {
  const created = result.rules.filter((r) => r.status === 'created');
  const exists = result.rules.filter((r) => r.status === 'exists');
  const failed = result.rules.filter((r) => r.status === 'failed');
  const severity = failed.length > 0 || result.intervalError ? 'warning' : 'success';
  return (
    <Alert severity={severity} title={`${created.length} alert rules created`} data-testid="rules-result">
      {created.length > 0 && <div>Created: {created.map((r) => r.title).join(', ')}</div>}
      {exists.length > 0 && <div>Already there, left unchanged: {exists.map((r) => r.title).join(', ')}</div>}
      {failed.map((r) => (
        <div key={r.uid}>
          Not created: {r.title}: {r.message}
        </div>
      ))}
      {result.intervalError && <div>{result.intervalError}</div>}
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  alert: css({ marginTop: theme.spacing(2) }),
  preview: css({ marginTop: theme.spacing(2) }),
  table: css({
    width: '100%',
    marginBottom: theme.spacing(2),
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
  }),
});
