// The shipped alert rules as templates for one data source, turned into bodies of Grafana's
// alerting provisioning HTTP API. The templates are generated from
// provisioning/alerting/rules.yaml (scripts/rule-templates.mjs), so file provisioning and the
// config page's "Create alert rules" always ship the same rules.
import generated from './rules.gen.json';

/** One entry of a rule's data, as in the provisioning file. */
export interface TemplateQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** A rule as written in provisioning/alerting/rules.yaml (file-provisioning keys). */
export interface RuleTemplate {
  uid: string;
  title: string;
  condition: string;
  data: TemplateQuery[];
  for?: string;
  keepFiringFor?: string;
  noDataState?: string;
  execErrState?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  dashboardUid?: string;
  panelId?: number;
  isPaused?: boolean;
}

export interface TemplateGroup {
  name: string;
  folder: string;
  interval: string;
  rules: RuleTemplate[];
}

/** A query of the provisioning API (AlertQuery). */
export interface ApiQuery {
  refId: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** The body of POST /api/v1/provisioning/alert-rules (ProvisionedAlertRule). */
export interface ProvisionedAlertRule {
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: ApiQuery[];
  noDataState: string;
  execErrState: string;
  for: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
  notification_settings?: { receiver: string };
}

export const DATASOURCE_VARIABLE = generated.datasourceVariable;
export const TEMPLATE_GROUPS = generated.groups as TemplateGroup[];
export const RULE_TEMPLATES: RuleTemplate[] = TEMPLATE_GROUPS.flatMap((g) => g.rules);
/** The shipped group's name and interval: the rules' pending periods assume this interval. */
export const DEFAULT_GROUP = TEMPLATE_GROUPS[0]?.name ?? 'Exchange Message Trace';
export const DEFAULT_INTERVAL = TEMPLATE_GROUPS[0]?.interval ?? '1m';

/** Grafana's rule uids: 1 to 40 of [a-zA-Z0-9-_]. */
const UID_MAX = 40;

/** 32-bit FNV-1a of s, as 8 hex digits: short, stable, and the same in every browser. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The uid of a template's rule for one data source: the template's uid and a hash of the data
 * source's uid. Deterministic, so creating the rules again finds them instead of duplicating.
 */
export function ruleUid(datasourceUid: string, templateUid: string): string {
  const suffix = '-' + fnv1a(datasourceUid);
  return templateUid.slice(0, UID_MAX - suffix.length) + suffix;
}

/** Seconds of a Go-style duration ("1m", "90s", "1h30m"); undefined when it is not one. */
export function durationSeconds(d: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d.trim());
  if (!m || d.trim() === '') {
    return undefined;
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Replaces the placeholder in every string of a JSON value (datasourceUid and model.datasource.uid). */
function withUid<T>(value: T, uid: string): T {
  if (typeof value === 'string') {
    return value.split(DATASOURCE_VARIABLE).join(uid) as T;
  }
  if (Array.isArray(value)) {
    return value.map((v) => withUid(v, uid)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUid(v, uid)])) as T;
  }
  return value;
}

export interface RenderTarget {
  datasourceUid: string;
  folderUid: string;
  group: string;
  /** A contact point name; empty = route by the notification policies. */
  contactPoint?: string;
  orgId?: number;
  /** Appended to every title: one folder can then hold the rules of several data sources. */
  datasourceName?: string;
}

/**
 * A template as a provisioning-API body for one data source. The file's dashboardUid/panelId
 * become the __dashboardUid__/__panelId__ annotations, which is how the API links a panel.
 */
export function renderRule(t: RuleTemplate, target: RenderTarget): ProvisionedAlertRule {
  const annotations: Record<string, string> = { ...(t.annotations ?? {}) };
  if (t.dashboardUid) {
    annotations.__dashboardUid__ = t.dashboardUid;
    if (t.panelId !== undefined) {
      annotations.__panelId__ = String(t.panelId);
    }
  }
  const rule: ProvisionedAlertRule = {
    uid: ruleUid(target.datasourceUid, t.uid),
    orgID: target.orgId ?? 1,
    folderUID: target.folderUid,
    ruleGroup: target.group,
    title: target.datasourceName ? `${t.title} (${target.datasourceName})` : t.title,
    condition: t.condition,
    data: t.data.map((q) => ({
      refId: q.refId,
      queryType: q.queryType ?? '',
      relativeTimeRange: q.relativeTimeRange ?? { from: 0, to: 0 },
      datasourceUid: withUid(q.datasourceUid, target.datasourceUid),
      model: withUid(q.model, target.datasourceUid),
    })),
    // The file-provisioning defaults, stated: the API has no defaults for these.
    noDataState: t.noDataState || 'NoData',
    execErrState: t.execErrState || 'Alerting',
    for: t.for ?? '0s',
    labels: { ...(t.labels ?? {}) },
    annotations,
    isPaused: t.isPaused ?? false,
  };
  if (t.keepFiringFor) {
    rule.keep_firing_for = t.keepFiringFor;
  }
  if (target.contactPoint) {
    rule.notification_settings = { receiver: target.contactPoint };
  }
  return rule;
}
