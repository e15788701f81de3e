// Creates the shipped alert rules for one data source through Grafana's alerting provisioning
// HTTP API, with the signed-in user's rights (the requests go through Grafana's backendSrv).
import { lastValueFrom } from 'rxjs';
import { BackendSrvRequest, getBackendSrv, isFetchError } from '@grafana/runtime';

import { durationSeconds, ProvisionedAlertRule, renderRule, RuleTemplate } from './ruleTemplates';

export const RULES_URL = '/api/v1/provisioning/alert-rules';
export const CONTACT_POINTS_URL = '/api/v1/provisioning/contact-points';
export const FOLDERS_URL = '/api/folders';
/** Without it the API marks the rules as provisioned, and the UI refuses to edit them. */
export const NO_PROVENANCE = { 'X-Disable-Provenance': 'true' };

export const NO_RIGHTS =
  'Grafana refused (403 Forbidden): your user needs alert-rule write rights in this folder ' +
  '(the Editor role; in Grafana Enterprise and Cloud the "Rules Writer" and "Set provisioning status" roles). ' +
  'Ask a Grafana admin.';
const NO_FOLDER_RIGHTS =
  'Grafana refused to create the folder (403 Forbidden): your user needs the right to create folders ' +
  '(the Editor role or folders:create); pick an existing folder or ask a Grafana admin.';

export interface Folder {
  uid: string;
  title: string;
}

export interface RulePlan {
  datasourceUid: string;
  datasourceName?: string;
  /** An existing folder's uid, or the title of a folder to create. */
  folder: { uid: string } | { newTitle: string };
  group: string;
  /** The group's evaluation interval, e.g. "1m". */
  interval: string;
  /** A contact point name; empty = the notification policies route the alerts. */
  contactPoint?: string;
  templates: RuleTemplate[];
}

export interface RuleOutcome {
  uid: string;
  title: string;
  status: 'created' | 'exists' | 'failed';
  message?: string;
}

export interface CreateResult {
  folderUid: string;
  rules: RuleOutcome[];
  /** Set when the group's interval could not be set (the rules exist, with Grafana's default). */
  intervalError?: string;
}

/** A failure that stopped before any rule was written (no rights, no folder). */
export class CreateRulesError extends Error {}

async function call<T>(req: BackendSrvRequest): Promise<T> {
  const res = await lastValueFrom(getBackendSrv().fetch<T>({ showErrorAlert: false, ...req }));
  return res.data;
}

function status(err: unknown): number | undefined {
  return isFetchError(err) ? err.status : undefined;
}

/** What Grafana said, for the user: its message, else the HTTP status; forbidden explains a 403. */
export function describeError(err: unknown, forbidden = NO_RIGHTS): string {
  if (status(err) === 403) {
    return forbidden;
  }
  if (isFetchError<{ message?: string }>(err)) {
    const msg = err.data?.message || err.message || err.statusText || 'request failed';
    return `${msg} (HTTP ${err.status})`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** The top-level folders the user can see (/api/folders lists one level of the tree). */
export async function listFolders(): Promise<Folder[]> {
  const folders = await call<Folder[]>({ url: FOLDERS_URL, method: 'GET', params: { limit: 1000 } });
  return folders.map((f) => ({ uid: f.uid, title: f.title }));
}

/** Contact point names; the API lists one entry per integration, so names repeat. */
export async function listContactPoints(): Promise<string[]> {
  const points = await call<Array<{ name: string }>>({ url: CONTACT_POINTS_URL, method: 'GET' });
  return [...new Set(points.map((p) => p.name))].sort((a, b) => a.localeCompare(b));
}

/** Whether a rule with this uid exists; errors other than 404 propagate. */
export async function ruleExists(uid: string): Promise<boolean> {
  try {
    await call({ url: `${RULES_URL}/${encodeURIComponent(uid)}`, method: 'GET' });
    return true;
  } catch (err) {
    if (status(err) === 404) {
      return false;
    }
    throw err;
  }
}

async function resolveFolder(folder: RulePlan['folder']): Promise<string> {
  if ('uid' in folder) {
    return folder.uid;
  }
  try {
    const created = await call<Folder>({ url: FOLDERS_URL, method: 'POST', data: { title: folder.newTitle } });
    return created.uid;
  } catch (err) {
    throw new CreateRulesError(
      status(err) === 403 ? NO_FOLDER_RIGHTS : `Creating folder "${folder.newTitle}": ${describeError(err)}`
    );
  }
}

/** The API bodies the plan creates, in template order (the preview shows these). */
export function planRules(plan: RulePlan, folderUid: string): ProvisionedAlertRule[] {
  return plan.templates.map((t) =>
    renderRule(t, {
      datasourceUid: plan.datasourceUid,
      datasourceName: plan.datasourceName,
      folderUid,
      group: plan.group,
      contactPoint: plan.contactPoint,
    })
  );
}

async function createOne(rule: ProvisionedAlertRule): Promise<RuleOutcome> {
  const base = { uid: rule.uid, title: rule.title };
  try {
    if (await ruleExists(rule.uid)) {
      // Left as it is: the user may have tuned it since.
      return { ...base, status: 'exists', message: 'already exists: left unchanged' };
    }
    await call({ url: RULES_URL, method: 'POST', headers: NO_PROVENANCE, data: rule });
    return { ...base, status: 'created' };
  } catch (err) {
    return { ...base, status: 'failed', message: describeError(err) };
  }
}

interface RuleGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: unknown[];
}

/** Sets the group's interval: GET the group, PUT it back (with all its rules) and the new interval. */
async function setInterval(folderUid: string, group: string, seconds: number): Promise<void> {
  const url = `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
  const current = await call<RuleGroup>({ url, method: 'GET' });
  if (current.interval === seconds) {
    return;
  }
  await call({ url, method: 'PUT', headers: NO_PROVENANCE, data: { ...current, interval: seconds } });
}

/**
 * Creates the plan's rules one by one, so one refused rule does not stop the others, and
 * reports each. Rules that exist (same deterministic uid) are skipped, so running it again
 * never duplicates. Throws CreateRulesError when nothing could be written at all.
 */
export async function createRules(plan: RulePlan): Promise<CreateResult> {
  const seconds = durationSeconds(plan.interval);
  if (!seconds || seconds % 10 !== 0) {
    throw new CreateRulesError(`Evaluation interval "${plan.interval}": use a multiple of 10s, e.g. 1m.`);
  }
  if (!plan.group.trim()) {
    throw new CreateRulesError('Name the evaluation group.');
  }
  const folderUid = await resolveFolder(plan.folder);
  const rules: RuleOutcome[] = [];
  for (const rule of planRules(plan, folderUid)) {
    rules.push(await createOne(rule));
  }
  if (rules.length > 0 && rules.every((r) => r.status === 'failed' && r.message === NO_RIGHTS)) {
    throw new CreateRulesError(NO_RIGHTS);
  }
  const result: CreateResult = { folderUid, rules };
  if (rules.some((r) => r.status !== 'failed')) {
    try {
      await setInterval(folderUid, plan.group, seconds);
    } catch (err) {
      result.intervalError = `The rules were created, but the group's interval was not set to ${plan.interval}: ${describeError(err)}`;
    }
  }
  return result;
}
