// An in-memory Grafana alerting provisioning API, for jest and the browser harness: it keeps
// folders, rules and groups as the documented endpoints do and logs every request.
import { Observable, of, throwError } from 'rxjs';
import { BackendSrvRequest, FetchResponse } from '@grafana/runtime';

export interface LoggedRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  body?: unknown;
}

interface StoredRule {
  uid: string;
  folderUID: string;
  ruleGroup: string;
  title: string;
  [key: string]: unknown;
}

export interface FakeGrafanaOptions {
  folders?: Array<{ uid: string; title: string }>;
  contactPoints?: Array<{ uid: string; name: string; type: string }>;
  /** Requests answered 403, as "METHOD url-prefix". */
  forbidden?: string[];
  /** Rule uids whose POST fails with 400. */
  rejectRules?: string[];
}

/** Grafana's default interval for a group created by a single rule's POST. */
export const DEFAULT_GROUP_INTERVAL = 60;

export class FakeGrafana {
  log: LoggedRequest[] = [];
  folders: Array<{ uid: string; title: string }>;
  rules = new Map<string, StoredRule>();
  intervals = new Map<string, number>();
  private nextFolder = 1;

  constructor(private opts: FakeGrafanaOptions = {}) {
    this.folders = [...(opts.folders ?? [])];
  }

  fetch<T>(req: BackendSrvRequest): Observable<FetchResponse<T>> {
    const method = req.method ?? 'GET';
    this.log.push({ method, url: req.url, headers: req.headers, params: req.params, body: req.data });
    const [status, data] = this.answer(method, req.url, req.data);
    if (status >= 400) {
      return throwError(() => ({ status, data, config: req }));
    }
    return of({ data, status, ok: true, config: req } as unknown as FetchResponse<T>);
  }

  async get<T>(url: string, params?: Record<string, unknown>): Promise<T> {
    const [status, data] = this.answer('GET', url, undefined);
    if (status >= 400) {
      throw { status, data };
    }
    this.log.push({ method: 'GET', url, params });
    return data as T;
  }

  private answer(method: string, url: string, body: unknown): [number, unknown] {
    if ((this.opts.forbidden ?? []).some((f) => `${method} ${url}`.startsWith(f))) {
      return [403, { message: 'You are not permitted' }];
    }
    const ruleMatch = /^\/api\/v1\/provisioning\/alert-rules(?:\/([^/]+))?$/.exec(url);
    const groupMatch = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(url);
    if (url === '/api/folders' && method === 'GET') {
      return [200, this.folders];
    }
    if (url === '/api/folders' && method === 'POST') {
      const folder = { uid: `new-folder-${this.nextFolder++}`, title: (body as { title: string }).title };
      this.folders.push(folder);
      return [200, folder];
    }
    if (url === '/api/v1/provisioning/contact-points' && method === 'GET') {
      return [200, this.opts.contactPoints ?? []];
    }
    if (ruleMatch && method === 'GET' && ruleMatch[1]) {
      const rule = this.rules.get(decodeURIComponent(ruleMatch[1]));
      return rule ? [200, rule] : [404, { message: 'rule not found' }];
    }
    if (ruleMatch && method === 'POST' && !ruleMatch[1]) {
      return this.postRule(body as StoredRule);
    }
    if (groupMatch) {
      return this.group(method, decodeURIComponent(groupMatch[1]), decodeURIComponent(groupMatch[2]), body);
    }
    return [404, { message: `no fake for ${method} ${url}` }];
  }

  private postRule(rule: StoredRule): [number, unknown] {
    if ((this.opts.rejectRules ?? []).includes(rule.uid)) {
      return [400, { message: `invalid alert rule: ${rule.uid}` }];
    }
    if (this.rules.has(rule.uid)) {
      return [409, { message: 'rule already exists' }];
    }
    if (!this.folders.some((f) => f.uid === rule.folderUID)) {
      return [400, { message: `folder ${rule.folderUID} does not exist` }];
    }
    const key = `${rule.folderUID}/${rule.ruleGroup}`;
    if (!this.intervals.has(key)) {
      this.intervals.set(key, DEFAULT_GROUP_INTERVAL);
    }
    this.rules.set(rule.uid, { ...rule, provenance: '' });
    return [201, { ...rule, provenance: '' }];
  }

  private group(method: string, folderUid: string, title: string, body: unknown): [number, unknown] {
    const key = `${folderUid}/${title}`;
    if (!this.intervals.has(key)) {
      return [404, { message: 'rule group not found' }];
    }
    const rules = [...this.rules.values()].filter((r) => r.folderUID === folderUid && r.ruleGroup === title);
    if (method === 'GET') {
      return [200, { title, folderUid, interval: this.intervals.get(key), rules }];
    }
    if (method === 'PUT') {
      const g = body as { interval: number; rules: StoredRule[] };
      // PUT replaces the group: a rule missing from the body would be deleted.
      if (g.rules.length !== rules.length) {
        return [400, { message: 'the body must list every rule of the group' }];
      }
      this.intervals.set(key, g.interval);
      return [200, g];
    }
    return [405, { message: 'method not allowed' }];
  }
}
